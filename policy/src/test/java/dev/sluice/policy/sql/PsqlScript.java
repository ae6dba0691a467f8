package dev.sluice.policy.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads a psql script the way psql sends it: backslash meta-commands removed ({@code \g} and friends end
 * the statement), inline COPY data skipped, {@code \quit} honoured outside {@code \if}; then statements end
 * at top-level semicolons. Shared fixture for the corpus tests.
 */
final class PsqlScript {

    /** The PostgreSQL regression corpus: {@code -Dsluice.corpus.dir} or {@code ../../shared/corpus/...}. */
    static Path corpusDirectory() {
        String configured = System.getProperty("sluice.corpus.dir");
        return configured != null ? Paths.get(configured)
                : Paths.get("").toAbsolutePath().resolve("../../shared/corpus/postgres-regress").normalize();
    }

    /** Corpus files in the order they are best run: test_setup.sql first, then by name. */
    static List<Path> corpusFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".sql"))
                    .sorted((a, b) -> {
                        boolean aSetup = a.getFileName().toString().equals("test_setup.sql");
                        boolean bSetup = b.getFileName().toString().equals("test_setup.sql");
                        return aSetup != bSetup ? (aSetup ? -1 : 1) : a.compareTo(b);
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> statements(Path file) {
        try {
            return statements(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> statements(String script) {
        return SqlStatementSplitter.split(withoutMetaCommands(script));
    }

    private static String withoutMetaCommands(String text) {
        StringBuilder sql = new StringBuilder();
        int pos = 0;
        int ifDepth = 0;
        restart:
        while (pos < text.length()) {
            List<SqlToken> tokens = SqlLexer.tokenize(text.substring(pos)).tokens();
            boolean statementStart = true;
            boolean copyStatement = false;
            boolean copyFromStdin = false;
            for (int i = 0; i < tokens.size(); i++) {
                SqlToken token = tokens.get(i);
                int at = pos + token.start();
                if (token.is(SqlTokenType.OTHER) && token.value().equals("\\")) {
                    int eol = lineEnd(text, at);
                    String command = text.substring(at, eol).trim().split("\\s+")[0];
                    sql.append(text, pos, at);
                    pos = eol;
                    if (command.startsWith("\\g") || command.equals("\\crosstabview") || command.equals("\\watch")) {
                        sql.append(";\n");
                    } else if (command.equals("\\if")) {
                        ifDepth++;
                    } else if (command.equals("\\endif")) {
                        ifDepth--;
                    } else if ((command.equals("\\quit") || command.equals("\\q")) && ifDepth == 0) {
                        return sql.toString();
                    } else if (command.equals("\\copy")
                            && text.substring(at, eol).toLowerCase(Locale.ROOT).matches(".*from\\s+std(in|out).*")) {
                        pos = afterCopyData(text, eol);
                    }
                    sql.append('\n');
                    continue restart;
                }
                if (token.is(SqlTokenType.SEMICOLON)) {
                    if (copyFromStdin) {
                        int eol = lineEnd(text, at);
                        sql.append(text, pos, at + 1).append('\n');
                        pos = afterCopyData(text, eol);
                        continue restart;
                    }
                    statementStart = true;
                    copyStatement = false;
                    continue;
                }
                if (statementStart) {
                    copyStatement = token.isKeyword("copy");
                    copyFromStdin = false;
                    statementStart = false;
                } else if (copyStatement && (token.isKeyword("stdin") || token.isKeyword("stdout"))
                        && tokens.get(i - 1).isKeyword("from")) {
                    copyFromStdin = true;
                }
            }
            sql.append(text, pos, text.length());
            break;
        }
        return sql.toString();
    }

    private static int lineEnd(String text, int from) {
        int eol = text.indexOf('\n', from);
        return eol < 0 ? text.length() : eol;
    }

    /** Skips inline COPY data that starts after {@code lineEnd} up to and including the {@code \.} line. */
    private static int afterCopyData(String text, int lineEnd) {
        int p = lineEnd + 1;
        while (p < text.length()) {
            int eol = lineEnd(text, p);
            if (text.substring(p, eol).equals("\\.")) {
                return Math.min(eol + 1, text.length());
            }
            p = eol + 1;
        }
        return text.length();
    }

    static List<String> allStatements(List<Path> files) {
        List<String> all = new ArrayList<>();
        files.forEach(f -> all.addAll(statements(f)));
        return all;
    }

    private PsqlScript() {}
}
