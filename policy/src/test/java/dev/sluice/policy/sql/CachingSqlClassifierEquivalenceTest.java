package dev.sluice.policy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sharing a classification between texts that differ only in their numbers never changes a result: every
 * evasion, benign read and corpus statement (alone and in pairs) classifies through a cache warmed with its
 * siblings exactly as it does uncached, and the skeleton always replaces exactly the lexer's numeric constants.
 */
class CachingSqlClassifierEquivalenceTest {

    /** Numbers put in place of each numeric constant to make a sibling: false, true, other widths, a fraction. */
    private static final List<String> REPLACEMENTS = List.of("0", "1", "987654321", "2.5");

    private final SqlStatementClassifier plain = new SqlStatementClassifier();

    @Test
    void evasionsAndBenignReadsClassifyAlikeThroughWarmCache() throws IOException {
        List<String> texts = new ArrayList<>(cases("/sql/evasions.txt"));
        texts.addAll(cases("/sql/benign-reads.txt"));
        assertThat(mismatches(texts)).isEmpty();
        assertThat(skeletonDisagreements(texts)).isEmpty();
    }

    @Test
    void corpusClassifiesAlikeThroughWarmCache() {
        assumeCorpus();
        List<String> statements = PsqlScript.allStatements(PsqlScript.corpusFiles(PsqlScript.corpusDirectory()));
        List<String> texts = new ArrayList<>(statements);
        for (int i = 0; i + 1 < statements.size(); i += 2) {
            texts.add(statements.get(i) + "\n;\n" + statements.get(i + 1));
        }
        assertThat(skeletonDisagreements(texts)).isEmpty();
        assertThat(mismatches(texts)).isEmpty();
        long shared = texts.stream().filter(sql -> NumberSkeleton.of(sql) != null && plain.analyse(sql).numbersUnread())
                .count();
        long withNumbers = texts.stream().filter(sql -> NumberSkeleton.of(sql) != null).count();
        System.out.printf("corpus texts: %d, with numeric constants: %d, classification shared across numbers: %d%n",
                texts.size(), withNumbers, shared);
        assertThat(shared).as("the check exercises shared entries").isGreaterThan(1000);
    }

    /** For each replacement: warm one cache with every text's sibling, then compare every text with uncached. */
    private List<String> mismatches(List<String> texts) {
        List<String> mismatches = new ArrayList<>();
        for (String replacement : REPLACEMENTS) {
            CachingSqlClassifier cache = new CachingSqlClassifier(new SqlStatementClassifier(), 1_000_000);
            for (String sql : texts) {
                cache.classify(sibling(sql, replacement));
            }
            for (String sql : texts) {
                SqlClassification expected = plain.classify(sql);
                SqlClassification actual = cache.classify(sql);
                if (!expected.equals(actual) && mismatches.size() < 20) {
                    mismatches.add(sql + " (sibling with " + replacement + "): expected " + expected + " but was "
                            + actual);
                }
            }
        }
        return mismatches;
    }

    /** Texts whose skeleton does not replace exactly the lexer's numeric constants, where it has one. */
    private static List<String> skeletonDisagreements(List<String> texts) {
        List<String> disagreements = new ArrayList<>();
        for (String sql : texts) {
            NumberSkeleton skeleton = NumberSkeleton.of(sql);
            if (skeleton != null && (!NumberSkeletonTest.spans(skeleton).equals(NumberSkeletonTest.lexerNumbers(sql))
                    || SqlLexer.tokenize(sql).error().isPresent())) {
                disagreements.add(sql);
            }
        }
        return disagreements;
    }

    /** The text with every numeric constant, as the lexer reads them, replaced by {@code replacement}. */
    private static String sibling(String sql, String replacement) {
        StringBuilder sibling = new StringBuilder();
        int copied = 0;
        for (List<Integer> span : NumberSkeletonTest.lexerNumbers(sql)) {
            sibling.append(sql, copied, span.get(0)).append(replacement);
            copied = span.get(1);
        }
        return sibling.append(sql.substring(copied)).toString();
    }

    private static void assumeCorpus() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(PsqlScript.corpusDirectory()),
                "corpus not present at " + PsqlScript.corpusDirectory());
    }

    private static List<String> cases(String resource) throws IOException {
        try (InputStream in = CachingSqlClassifierEquivalenceTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.replace("\\n", "\n"))
                    .toList();
        }
    }
}
