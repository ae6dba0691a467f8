package dev.sluice.core.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How many approvals a request needs: {@code any} (one approver from any listed group), {@code all} (at least one
 * approver from each listed group) or a number of distinct approvers.
 *
 * @param count the number of distinct approvers when {@code kind} is {@link Kind#COUNT}, else 0
 */
public record Quorum(Kind kind, int count) {
    public enum Kind { ANY, ALL, COUNT }

    public static final Quorum ANY = new Quorum(Kind.ANY, 0);
    public static final Quorum ALL = new Quorum(Kind.ALL, 0);
    /** A quorum above this is almost certainly a mistake, and would leave requests pending forever. */
    public static final int MAX_COUNT = 20;

    public Quorum {
        if (kind == Kind.COUNT && (count < 1 || count > MAX_COUNT)) {
            throw new IllegalArgumentException("a quorum is any, all or 1-" + MAX_COUNT + " approvers, got " + count);
        }
        if (kind != Kind.COUNT && count != 0) {
            throw new IllegalArgumentException("only a numeric quorum has a count");
        }
    }

    public static Quorum of(int count) {
        return count == 1 ? ANY : new Quorum(Kind.COUNT, count);
    }

    /** Reads {@code any}, {@code all} or a number, as written in policies and request bodies. */
    @JsonCreator
    public static Quorum parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "any" -> ANY;
            case "all" -> ALL;
            default -> {
                if (!value.matches("\\d{1,3}")) {
                    throw new IllegalArgumentException("a quorum is any, all or a number of approvers, got \"" + text + "\"");
                }
                yield of(Integer.parseInt(value));
            }
        };
    }

    /** Whether the approvals among {@code answers} meet this quorum for a request approved by {@code groups}. */
    public boolean metBy(List<String> groups, List<Answer> answers) {
        List<Answer> approvals = answers.stream().filter(a -> a.decision() == Answer.Decision.APPROVE).toList();
        return switch (kind) {
            case ANY -> !approvals.isEmpty();
            case ALL -> approvals.stream().flatMap(a -> a.groups().stream()).collect(Collectors.toSet()).containsAll(groups);
            case COUNT -> approvals.stream().map(Answer::approver).distinct().count() >= count;
        };
    }

    @JsonValue
    @Override
    public String toString() {
        return switch (kind) {
            case ANY -> "any";
            case ALL -> "all";
            case COUNT -> String.valueOf(count);
        };
    }
}
