package dev.sluice.policy.sql;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** Mutable collector for one {@link SqlStatement} while it is being classified. */
final class StatementBuilder {
    StatementKind kind = StatementKind.UNCLASSIFIED;
    String commandTag = "UNCLASSIFIED";
    final EnumSet<SqlEffect> effects = EnumSet.noneOf(SqlEffect.class);
    final Set<String> tables = new LinkedHashSet<>();
    final Set<String> functions = new LinkedHashSet<>();
    boolean whereLessWrite;
    String name;
    SqlStatement inner;
    String unclassifiedReason;

    StatementBuilder kind(StatementKind newKind, String tag, SqlEffect... newEffects) {
        this.kind = newKind;
        this.commandTag = tag;
        effects.addAll(Set.of(newEffects));
        return this;
    }

    StatementBuilder effect(SqlEffect effect) {
        effects.add(effect);
        return this;
    }

    StatementBuilder unclassified(String reason) {
        kind = StatementKind.UNCLASSIFIED;
        commandTag = "UNCLASSIFIED";
        effects.add(SqlEffect.UNCLASSIFIED);
        if (unclassifiedReason == null) {
            unclassifiedReason = reason;
        }
        return this;
    }

    /** Takes over an inner statement's references; its effects are added only when {@code withEffects}. */
    void absorb(SqlStatement statement, boolean withEffects) {
        inner = statement;
        tables.addAll(statement.tables());
        functions.addAll(statement.functions());
        if (withEffects) {
            effects.addAll(statement.effects());
            whereLessWrite |= statement.whereLessWrite();
        }
        if (statement.effects().contains(SqlEffect.UNCLASSIFIED)) {
            effects.add(SqlEffect.UNCLASSIFIED);
            if (unclassifiedReason == null) {
                unclassifiedReason = statement.unclassifiedReason().orElse("inner statement unclassified");
            }
        }
    }

    void absorb(ReferenceScanner.Facts facts) {
        tables.addAll(facts.tables);
        functions.addAll(facts.functions);
        effects.addAll(facts.effects);
        whereLessWrite |= facts.whereLessWrite;
        if (facts.unclassifiedReason != null) {
            effects.add(SqlEffect.UNCLASSIFIED);
            if (unclassifiedReason == null) {
                unclassifiedReason = facts.unclassifiedReason;
            }
        }
    }

    SqlStatement build(String text) {
        if (effects.contains(SqlEffect.UNCLASSIFIED) && unclassifiedReason == null) {
            unclassifiedReason = "not understood";
        }
        if (effects.isEmpty()) {
            effects.add(SqlEffect.UNCLASSIFIED);
            unclassifiedReason = "no effect determined";
        }
        return new SqlStatement(text, kind, commandTag, effects, tables, functions, whereLessWrite,
                Optional.ofNullable(name), Optional.ofNullable(inner), Optional.ofNullable(unclassifiedReason));
    }
}
