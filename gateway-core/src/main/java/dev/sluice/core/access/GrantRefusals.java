package dev.sluice.core.access;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Why no grant could be used, for {@link AccessService#useGrant}: the most telling reason among the grants that would have covered it. */
final class GrantRefusals {
    private GrantRefusals() {
    }

    /**
     * @param covering grants on the connection whose scope covers the use, as they were before this call
     * @param changed grants this call just ended (expired), which replace their earlier versions
     */
    static GrantUse.Refused explain(String subject, String connection, Scope wanted, List<Grant> covering, List<Grant> changed) {
        Map<String, Grant> updated = changed.stream().collect(Collectors.toMap(Grant::id, Function.identity()));
        List<Grant> current = covering.stream().map(g -> updated.getOrDefault(g.id(), g)).toList();
        String what = wanted == null ? "use " + connection : String.join(", ", wanted.operations()) + " on " + connection;
        Optional<Grant> latestOwn = current.stream()
                .filter(g -> g.subject().equals(subject) && !g.active())
                .max(Comparator.comparing(Grant::endedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        if (latestOwn.isPresent()) {
            Grant grant = latestOwn.get();
            GrantUse.Reason reason = switch (grant.status()) {
                case EXPIRED -> GrantUse.Reason.EXPIRED;
                case EXHAUSTED -> GrantUse.Reason.EXHAUSTED;
                default -> GrantUse.Reason.REVOKED;
            };
            String detail = switch (reason) {
                case EXPIRED -> "expired at " + grant.notAfter();
                case EXHAUSTED -> "has no uses left";
                default -> "was revoked by " + grant.endedBy() + " (" + grant.endReason() + ")";
            };
            return new GrantUse.Refused(reason, "grant " + grant.id() + " for " + subject + " to " + what + " "
                    + detail + "; request access again");
        }
        if (!current.isEmpty()) {
            return new GrantUse.Refused(GrantUse.Reason.OTHER_IDENTITY, "the grant for " + what
                    + " belongs to another identity; grants are not transferable, " + subject + " must request access");
        }
        return new GrantUse.Refused(GrantUse.Reason.NONE, subject + " has no grant for "
                + what.toLowerCase(Locale.ROOT) + "; request access with sluice request");
    }
}
