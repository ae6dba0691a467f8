package dev.sluice.server;

import dev.sluice.core.config.ConfigException;
import dev.sluice.core.config.PolicyFile;
import dev.sluice.core.config.PolicyFileLoader;
import dev.sluice.policy.PolicyEvaluation;
import dev.sluice.policy.PolicyTestCase;
import dev.sluice.policy.PolicyTester;
import dev.sluice.policy.sql.SqlStatementClassifier;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "test", description = {
        "Show what the policies decide for one identity and statement, or run test cases (exit 1 on any mismatch).",
        "Policies: the --policy paths, else the --config's policy directory, else the directory holding --cases."})
final class PolicyTestCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "Configuration file: its connections (and their allow lists) and policy directory.")
    Path config;

    @Option(names = "--policy", description = "A policy file or directory; repeatable.")
    List<Path> policies = List.of();

    @Option(names = "--cases", description = "A YAML file of test cases (cases: [{name, subject, groups, connection, sql, expect, rule}]).")
    Path cases;

    @Option(names = "--subject", description = "Subject (the token's sub).")
    String subject;

    @Option(names = "--groups", split = ",", description = "Groups, comma separated.")
    List<String> groups = List.of();

    @Option(names = "--connection", description = "Connection name.")
    String connection;

    @Option(names = "--protocol", defaultValue = PolicyTestCase.DEFAULT_PROTOCOL, description = "Protocol (default ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--sql", description = "SQL text; without it, only whether the session may start is shown.")
    String sql;

    @Override
    public Integer call() {
        if (cases == null && (subject == null || connection == null)) {
            System.err.println("sluice: give --subject and --connection (and optionally --sql), or --cases FILE");
            return 2;
        }
        PolicyTester tester;
        PolicyFile caseFile = null;
        try {
            Path fallback = cases == null ? null : cases.toAbsolutePath().getParent();
            tester = new PolicyTester(PolicySources.load(config, policies, fallback).engine(), new SqlStatementClassifier());
            if (cases != null) {
                caseFile = PolicyFileLoader.load(cases);
            }
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("sluice: " + e.getMessage());
            return 1;
        }
        return caseFile == null ? single(tester) : runCases(tester, caseFile.cases());
    }

    private int single(PolicyTester tester) {
        PolicyEvaluation evaluation = tester.evaluate(subject, new LinkedHashSet<>(groups), connection, protocol,
                Optional.ofNullable(sql));
        evaluation.statements().forEach(line -> System.out.println("statement: " + line));
        System.out.println("decision: " + evaluation.outcome().yamlName() + " by rule " + evaluation.rule() + ": "
                + evaluation.message());
        return 0;
    }

    private static int runCases(PolicyTester tester, List<PolicyTestCase> testCases) {
        int failed = 0;
        for (PolicyTestCase testCase : testCases) {
            PolicyTester.Result result = tester.run(testCase);
            PolicyEvaluation got = result.evaluation();
            String actual = got.outcome().yamlName() + " by " + got.rule();
            if (result.passed()) {
                System.out.println("PASS " + testCase.name() + ": " + actual);
            } else {
                failed++;
                System.out.println("FAIL " + testCase.name() + " (" + testCase.origin() + "): expected "
                        + testCase.expect().yamlName() + testCase.rule().map(r -> " by " + r).orElse("") + ", got " + actual
                        + ": " + got.message());
                got.statements().forEach(line -> System.out.println("     statement: " + line));
            }
        }
        System.out.println((testCases.size() - failed) + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }
}
