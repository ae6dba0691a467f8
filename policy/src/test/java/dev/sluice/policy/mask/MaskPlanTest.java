package dev.sluice.policy.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.policy.mask.ColumnMasks.Action;
import dev.sluice.policy.mask.ColumnRef.ValueForm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskPlanTest {

    private static final byte[] KEY = MaskersTest.KEY;

    private static MaskPlan plan(String yamlLikeRules) {
        return MaskPlan.parse(new org.yaml.snakeyaml.Yaml().load(yamlLikeRules), KEY);
    }

    private static final MaskPlan PLAN = plan("""
            - columns: ["*email*"]
              masker: email
            - table_columns: [customers.card_number]
              masker: { partial: { keep_last: 4 } }
            - name: secrets
              detectors: [card, us_ssn, iban, jwt, aws_access_key, private_key, secret_assignment]
              masker: redact
            - detector: { name: ticket_id, regex: "TCK-[0-9]{6}" }
              masker: hash
            """);

    @Test
    void columnsAreResolvedOncePerResult() {
        ColumnMasks masks = PLAN.forColumns(List.of(
                ColumnRef.text("customers", "Contact_Email"),
                ColumnRef.text("customers", "card_number"),
                ColumnRef.text(null, "card_number"),
                new ColumnRef("customers", "id", ValueForm.BINARY)), PLAN.newCounts());
        assertThat(masks.size()).isEqualTo(4);
        assertThat(masks.action(0)).isEqualTo(Action.MASK);
        assertThat(masks.ruleName(0)).isEqualTo("mask[0]");
        assertThat(masks.ruleName(1)).isEqualTo("mask[1]");
        assertThat(masks.ruleName(2)).as("a computed column has no table").isNull();
        assertThat(masks.action(2)).as("detectors still apply").isEqualTo(Action.MASK);
        assertThat(masks.action(3)).as("binary values are not inspected by detectors").isEqualTo(Action.KEEP);
        assertThat(masks.isEmpty()).isFalse();
    }

    @Test
    void wholeColumnRulesMaskEveryValue() {
        MaskCounts counts = PLAN.newCounts();
        ColumnMasks masks = PLAN.forColumns(List.of(
                ColumnRef.text("public.customers", "email"), ColumnRef.text("customers", "card_number")), counts);
        assertThat(masks.apply(0, "alice@example.com")).isEqualTo("a***@example.com");
        assertThat(masks.apply(1, "4242424242424242")).isEqualTo("************4242");
        assertThat(masks.apply(1, null)).isNull();
        assertThat(counts.snapshot().maskedByRule()).containsEntry("mask[0]", 1L).containsEntry("mask[1]", 1L);
    }

    @Test
    void untouchedValuesComeBackAsTheSameInstance() {
        ColumnMasks masks = PLAN.forColumns(List.of(ColumnRef.text("orders", "note")), PLAN.newCounts());
        String note = new String("deliver to the back door, ring twice");
        assertThat(masks.apply(0, note)).isSameAs(note);
        String empty = new String("");
        assertThat(masks.apply(0, empty)).isSameAs(empty);
    }

    @Test
    void aPlanWithoutDetectorsKeepsOtherColumnsWithoutLookingAtThem() {
        MaskPlan plan = plan("- columns: [ssn]\n  masker: redact\n");
        ColumnMasks masks = plan.forColumns(List.of(ColumnRef.text("t", "name"), ColumnRef.text("t", "ssn")),
                plan.newCounts());
        assertThat(masks.action(0)).isEqualTo(Action.KEEP);
        assertThat(masks.apply(1, "123-45-6789")).isEqualTo("****");
        assertThat(plan.forColumns(List.of(ColumnRef.text("t", "name")), plan.newCounts()).isEmpty()).isTrue();
    }

    @Test
    void detectorsMaskOnlyTheSpansTheyFindInsideLongerText() {
        MaskCounts counts = PLAN.newCounts();
        ColumnMasks masks = PLAN.forColumns(List.of(ColumnRef.text("tickets", "body")), counts);
        assertThat(masks.apply(0, "Paid with 4111 1111 1111 1111, SSN 123-45-6789, see TCK-123456."))
                .matches("Paid with \\*\\*\\*\\*, SSN \\*\\*\\*\\*, see h:[a-z2-7]{16}\\.");
        MaskCounts.Snapshot snapshot = counts.snapshot();
        assertThat(snapshot.maskedByRule()).containsEntry("secrets", 1L).containsEntry("mask[3]", 1L);
        assertThat(snapshot.matchedByDetector()).containsEntry("card", 1L).containsEntry("us_ssn", 1L)
                .containsEntry("ticket_id", 1L).containsEntry("iban", 0L);
        assertThat(snapshot.totalMasked()).isEqualTo(2);
    }

    @Test
    void overlappingMatchesAreMaskedOnceWithTheEarliestRulesMasker() {
        MaskPlan plan = MaskPlan.of(List.of(
                MaskRule.detectors("keys", List.of(RegexDetector.compile("kv", "key=[a-z0-9]+", false)),
                        RedactMasker.DEFAULT, MaskRule.Scope.SPANS),
                MaskRule.detectors("digits", List.of(RegexDetector.compile("digits", "[0-9]{4,}", false)),
                        new PartialMasker(0, 2, '#'), MaskRule.Scope.SPANS)));
        ColumnMasks masks = plan.forColumns(List.of(ColumnRef.text(null, "v")), plan.newCounts());
        assertThat(masks.apply(0, "a key=ab12345 b 987654")).isEqualTo("a **** b ####54");
    }

    @Test
    void spansInMultibyteTextKeepTheTextAroundThem() {
        ColumnMasks masks = PLAN.forColumns(List.of(ColumnRef.text(null, "v")), PLAN.newCounts());
        assertThat(masks.apply(0, "Größe 😀 password=hunter2 — naïve café"))
                .isEqualTo("Größe 😀 password=**** — naïve café");
    }

    @Test
    void valueScopeMasksTheWholeValueWhenAnythingIsFound() {
        MaskPlan plan = plan("""
                - detectors: [email]
                  masker: "null"
                  scope: value
                - detectors: [card]
                  masker: redact
                """);
        ColumnMasks masks = plan.forColumns(List.of(ColumnRef.text(null, "v")), plan.newCounts());
        assertThat(masks.apply(0, "write to bob@example.com")).isNull();
        assertThat(masks.apply(0, "card 4111111111111111")).isEqualTo("card ****");
        assertThat(masks.apply(0, "bob@example.com 4111111111111111")).as("value scope wins").isNull();
    }

    @Test
    void detectorRulesCanBeLimitedToColumns() {
        MaskPlan plan = plan("""
                - columns: ["notes*"]
                  detectors: [email]
                  masker: redact
                """);
        ColumnMasks masks = plan.forColumns(List.of(ColumnRef.text(null, "notes_2024"), ColumnRef.text(null, "body")),
                plan.newCounts());
        assertThat(masks.apply(0, "bob@example.com")).isEqualTo("****");
        assertThat(masks.action(1)).isEqualTo(Action.KEEP);
    }

    @Test
    void typedAndBinaryColumnsBecomeNullRatherThanInvalidValues() {
        MaskCounts counts = PLAN.newCounts();
        ColumnMasks masks = PLAN.forColumns(List.of(
                new ColumnRef("customers", "card_number", ValueForm.BINARY),
                new ColumnRef("customers", "card_number", ValueForm.TYPED_TEXT),
                new ColumnRef("payments", "pan", ValueForm.TYPED_TEXT)), counts);
        assertThat(masks.action(0)).isEqualTo(Action.NULL);
        assertThat(masks.nullify(0)).isTrue();
        assertThat(masks.action(1)).isEqualTo(Action.NULL);
        assertThat(masks.apply(1, "4242424242424242")).isNull();
        assertThat(masks.action(2)).isEqualTo(Action.MASK);
        assertThat(masks.apply(2, "4111111111111111")).as("a card in a bigint column").isNull();
        assertThat(masks.apply(2, "42")).isEqualTo("42");
        assertThat(counts.snapshot().maskedByRule()).containsEntry("mask[1]", 2L).containsEntry("secrets", 1L);
        assertThatThrownBy(() -> masks.nullify(2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theFirstWholeColumnRuleThatSelectsAColumnWins() {
        MaskPlan plan = plan("""
                - columns: ["secret_*"]
                  masker: redact
                - columns: ["*"]
                  masker: "null"
                """);
        ColumnMasks masks = plan.forColumns(List.of(ColumnRef.text(null, "SECRET_x"), ColumnRef.text(null, "y")),
                plan.newCounts());
        assertThat(masks.apply(0, "v")).isEqualTo("****");
        assertThat(masks.apply(1, "v")).isNull();
    }

    @Test
    void tableQualifiedGlobsMatchTableAndColumn() {
        MaskPlan plan = plan("- columns: [\"cust*.ph?ne\"]\n  masker: redact\n");
        ColumnMasks masks = plan.forColumns(List.of(ColumnRef.text("sales.customers", "phone"),
                ColumnRef.text(null, "phone"), ColumnRef.text("orders", "phone")), plan.newCounts());
        assertThat(masks.action(0)).isEqualTo(Action.MASK);
        assertThat(masks.action(1)).isEqualTo(Action.KEEP);
        assertThat(masks.action(2)).isEqualTo(Action.KEEP);
    }

    @Test
    void schemaQualifiedTableColumnsNeedTheCallerToNameTheSchema() {
        MaskPlan plan = plan("- table_columns: [billing.customers.iban]\n  masker: redact\n");
        ColumnMasks masks = plan.forColumns(List.of(ColumnRef.text("billing.customers", "IBAN"),
                ColumnRef.text("customers", "iban"), ColumnRef.text("crm.customers", "iban")), plan.newCounts());
        assertThat(masks.action(0)).isEqualTo(Action.MASK);
        assertThat(masks.action(1)).isEqualTo(Action.KEEP);
        assertThat(masks.action(2)).isEqualTo(Action.KEEP);
    }

    @Test
    void freeTextGetsEveryDetectorRule() {
        MaskCounts counts = PLAN.newCounts();
        String detail = "Key (api_key)=(AKIAIOSFODNN7EXAMPLE) already exists.";
        assertThat(PLAN.maskFreeText(detail, counts)).isEqualTo("Key (api_key)=(****) already exists.");
        String plain = "relation \"orders\" does not exist";
        assertThat(PLAN.maskFreeText(plain, counts)).isSameAs(plain);
        assertThat(PLAN.maskFreeText(null, counts)).isNull();
    }

    @Test
    void freeTextCannotBecomeNullSoItIsRedacted() {
        MaskPlan plan = plan("- detectors: [us_ssn]\n  masker: \"null\"\n");
        assertThat(plan.maskFreeText("COPY line\t123-45-6789\tx", plan.newCounts())).isEqualTo("COPY line\t****\tx");
    }

    @Test
    void aBudgetExceededSearchFailsClosedAndIsCounted() {
        MaskPlan plan = MaskPlan.of(List.of(MaskRule.detectors("evil",
                List.of(RegexDetector.compile("evil", "((a+)+)+$", false)), RedactMasker.DEFAULT, MaskRule.Scope.SPANS)));
        MaskCounts counts = plan.newCounts();
        ColumnMasks masks = plan.forColumns(List.of(ColumnRef.text(null, "v")), counts);
        assertThat(masks.apply(0, "a".repeat(36) + "!")).isEqualTo("****");
        assertThat(counts.snapshot().budgetExceeded()).isEqualTo(1);
        assertThat(counts.snapshot().matchedByDetector()).isEqualTo(Map.of("evil", 1L));
    }

    @Test
    void countsHoldNumbersOnly() {
        MaskCounts counts = PLAN.newCounts();
        PLAN.forColumns(List.of(ColumnRef.text(null, "v")), counts).apply(0, "password=hunter2");
        assertThat(counts.snapshot().toString()).doesNotContain("hunter2");
        assertThat(MaskPlan.NONE.newCounts().snapshot().totalMasked()).isZero();
    }
}
