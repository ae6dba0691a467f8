package dev.sluice.policy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Disguised writes and escalations ({@code sql/evasions.txt}) are never read-only; plain reads are. */
class SqlEvasionTest {

    private final SqlClassifier classifier = new SqlStatementClassifier();

    static Stream<String> evasions() throws IOException {
        return cases("/sql/evasions.txt").stream();
    }

    static Stream<String> benignReads() throws IOException {
        return cases("/sql/benign-reads.txt").stream();
    }

    @ParameterizedTest
    @MethodSource("evasions")
    void disguisedWriteIsNotReadOnly(String sql) {
        SqlClassification classification = classifier.classify(sql);
        assertThat(classification.readOnly()).as("%s -> %s", sql, classification).isFalse();
    }

    @ParameterizedTest
    @MethodSource("benignReads")
    void plainReadIsReadOnly(String sql) {
        SqlClassification classification = classifier.classify(sql);
        assertThat(classification.readOnly()).as("%s -> %s", sql, classification).isTrue();
    }

    @Test
    void evasionListIsSubstantial() throws IOException {
        assertThat(cases("/sql/evasions.txt")).hasSizeGreaterThanOrEqualTo(60);
    }

    private static List<String> cases(String resource) throws IOException {
        try (InputStream in = SqlEvasionTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.replace("\\n", "\n"))
                    .toList();
        }
    }
}
