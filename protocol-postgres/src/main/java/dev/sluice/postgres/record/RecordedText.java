package dev.sluice.postgres.record;

import dev.sluice.policy.mask.MaskCounts;
import dev.sluice.policy.mask.MaskPlan;
import java.util.List;
import java.util.Map;

/**
 * What statement text and parameters become before they are recorded: secrets found by the detectors are
 * redacted (passwords in {@code ALTER ROLE ... PASSWORD '...'}, key assignments, tokens, private keys), then
 * the session's own masking, and long texts are cut.
 */
final class RecordedText {
    /** Longest statement text recorded; the rest is cut and marked. */
    static final int MAX_TEXT = 16 * 1024;
    static final int MAX_PARAMETER = 1024;

    static final MaskPlan SECRETS = MaskPlan.parse(List.of(
            Map.of("name", "recording-secrets",
                    "detectors", List.of("secret_assignment", "private_key", "jwt", "bearer_token", "aws_access_key"),
                    "masker", "redact"),
            Map.of("name", "recording-passwords",
                    "detector", Map.of("name", "sql_password_literal", "regex", "(?i)password\\s+'(?:[^']|'')*'"),
                    "masker", "redact")), null);

    private final MaskPlan sessionPlan;
    private final MaskCounts secretCounts = SECRETS.newCounts();
    private final MaskCounts sessionCounts;

    RecordedText(MaskPlan sessionPlan) {
        this.sessionPlan = sessionPlan;
        this.sessionCounts = sessionPlan.newCounts();
    }

    String statement(String text) {
        return clean(text, MAX_TEXT);
    }

    String parameter(String text) {
        return text == null ? null : clean(text, MAX_PARAMETER);
    }

    private String clean(String text, int limit) {
        String cut = text.length() > limit ? text.substring(0, limit) + "…[cut]" : text;
        return sessionPlan.maskFreeText(SECRETS.maskFreeText(cut, secretCounts), sessionCounts);
    }
}
