package dev.sluice.policy.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class MaskSpecParserTest {

    private static MaskPlan parse(String yaml, byte[] key) {
        return MaskPlan.parse(new Yaml().load(yaml), key);
    }

    @Test
    void theDocumentedExampleParses() {
        MaskPlan plan = parse("""
                - columns: ["*email*"]
                  masker: email
                - table_columns: [customers.card_number]
                  masker: { partial: { keep_last: 4 } }
                - detectors: [card, us_ssn, iban, jwt, aws_access_key, private_key, secret_assignment]
                  masker: redact
                - detector: { name: ticket_id, regex: "TCK-[0-9]{6}" }
                  masker: hash
                """, MaskersTest.KEY);
        assertThat(plan.rules()).extracting(MaskRule::name).containsExactly("mask[0]", "mask[1]", "mask[2]", "mask[3]");
        assertThat(plan.rules()).extracting(r -> r.masker().name()).containsExactly("email", "partial", "redact", "hash");
        assertThat(plan.rules().get(2).detectors()).hasSize(7);
        assertThat(plan.rules().get(2).scope()).isEqualTo(MaskRule.Scope.SPANS);
        assertThat(plan.rules().get(0).scope()).isEqualTo(MaskRule.Scope.VALUE);
    }

    @Test
    void maskerOptionsAreRead() {
        MaskPlan plan = parse("""
                - columns: [a]
                  masker: { redact: { replacement: "[hidden]" } }
                - columns: [b]
                  masker: { partial: { keep_first: 2, keep_last: 2, mask_char: "x" } }
                - columns: [c]
                  masker: { email: { local: hash } }
                - columns: [d]
                  masker: { hash: { length: 10 } }
                - columns: [e]
                  masker: null
                - columns: [f]
                  masker: { redact: { keep_length: true } }
                """, MaskersTest.KEY);
        List<MaskRule> rules = plan.rules();
        assertThat(((MaskedValue.Text) rules.get(0).masker().mask("v")).text()).isEqualTo("[hidden]");
        assertThat(((MaskedValue.Text) rules.get(1).masker().mask("abcdef")).text()).isEqualTo("abxxef");
        assertThat(((MaskedValue.Text) rules.get(2).masker().mask("a@b.com")).text()).endsWith("@b.com");
        assertThat(((MaskedValue.Text) rules.get(3).masker().mask("v")).text()).hasSize(12);
        assertThat(rules.get(4).masker()).isSameAs(NullMasker.INSTANCE);
        assertThat(((MaskedValue.Text) rules.get(5).masker().mask("abc")).text()).isEqualTo("***");
    }

    @Test
    void noMaskEntriesMeanNoMasking() {
        assertThat(MaskPlan.parse(null, null).isEmpty()).isTrue();
        assertThat(MaskPlan.parse(List.of(), null)).isSameAs(MaskPlan.NONE);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            {columns: [a], masker: foo}                        | mask[0].masker: unknown masker "foo" (known: redact, partial, hash, email, null)
            {columns: [a]}                                     | mask[0].masker: missing (known: redact, partial, hash, email, null)
            {masker: redact}                                   | mask[0]: selects nothing: give columns, table_columns or detectors
            {colums: [a], masker: redact}                      | mask[0]: unknown key "colums"
            {detectors: [card, cc], masker: redact}            | mask[0].detectors[1]: unknown detector "cc" (known: email, card,
            {detector: {name: t, regex: "a*"}, masker: redact} | mask[0].detector.regex: regex matches the empty string
            {detector: {name: t, regex: "[a"}, masker: redact} | mask[0].detector.regex: regex does not compile
            {detector: {name: email, regex: "x"}, masker: redact} | mask[0].detector.name: "email" is a built-in detector
            {columns: [a], masker: hash}                       | mask[0].masker.hash: needs the gateway's masking hash key
            {columns: [a], masker: {partial: {keep_last: -1}}} | mask[0].masker.partial.keep_last: expected a non-negative integer
            {columns: [a], masker: {redact: {length: 3}}}      | mask[0].masker.redact: unknown option "length" (known: keep_length, mask_char, replacement)
            {columns: [a], masker: redact, scope: value}       | mask[0].scope: only applies to rules with detectors
            {detectors: [card], masker: redact, scope: all}    | mask[0].scope: expected spans or value
            {table_columns: [card_number], masker: redact}     | mask[0].table_columns[0]: expected table.column
            {columns: [a], masker: {email: {local: drop}}}     | mask[0].masker.email.local: expected keep_first or hash
            """)
    void mistakesAreReportedWithTheirPlace(String entry, String message) {
        assertThatThrownBy(() -> parse("- " + entry, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message.strip());
    }

    @Test
    void aHashLengthOutOfRangeIsReportedAtTheMasker() {
        assertThatThrownBy(() -> parse("- {columns: [a], masker: {hash: {length: 4}}}", MaskersTest.KEY))
                .hasMessage("mask[0].masker: hash length must be between 8 and 51, was 4");
    }

    @Test
    void aNonListSpecIsRefused() {
        assertThatThrownBy(() -> MaskPlan.parse("redact", null)).hasMessage("mask: expected a list of rules, was \"redact\"");
    }

    @Test
    void aCustomDetectorDefinedOnceCanBeReusedByName() {
        MaskPlan plan = parse("""
                - detector: { name: ticket_id, regex: "TCK-[0-9]{6}" }
                  masker: redact
                - columns: [notes]
                  detectors: [ticket_id]
                  masker: "null"
                """, null);
        assertThat(plan.rules().get(1).detectors().get(0)).isSameAs(plan.rules().get(0).detectors().get(0));
    }
}
