package dev.sluice.policy.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;

/**
 * Measures how much of the PostgreSQL regression corpus JSqlParser parses, to record why the gateway does
 * not enforce on a general-purpose SQL parser (docs/policy.md). A measurement, not a requirement.
 */
class JSqlParserCorpusComparisonTest {

    private static final long PARSE_TIMEOUT_MILLIS = 2_000;

    @Test
    void measuresJSqlParserOnTheRegressionCorpus() throws Exception {
        Path corpus = PsqlScript.corpusDirectory();
        assumeTrue(Files.isDirectory(corpus), "corpus not present at " + corpus);
        List<String> statements = PsqlScript.allStatements(PsqlScript.corpusFiles(corpus));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        int rejected = 0;
        try {
            for (String sql : statements) {
                try {
                    CCJSqlParserUtil.parse(sql, executor, parser -> parser.withTimeOut(PARSE_TIMEOUT_MILLIS));
                } catch (Exception | StackOverflowError e) {
                    rejected++;
                }
            }
        } finally {
            executor.shutdownNow();
        }
        System.out.printf("JSqlParser: corpus statements: %d, rejected: %d (%.2f%%)%n",
                statements.size(), rejected, 100.0 * rejected / statements.size());
        assertThat(statements).isNotEmpty();
    }
}
