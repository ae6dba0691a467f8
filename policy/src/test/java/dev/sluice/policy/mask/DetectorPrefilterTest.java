package dev.sluice.policy.mask;

import static dev.sluice.policy.mask.DetectorTesting.detector;
import static dev.sluice.policy.mask.DetectorTesting.found;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The byte-level prefilters ({@link Detector#mayMatch}) never rule out a value their detector would match: checked
 * on every true positive of {@link BuiltInDetectorsTest} and on many generated values, and they do rule out
 * ordinary text.
 */
class DetectorPrefilterTest {

    private static boolean mayMatch(Detector detector, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[utf8.length + 6];
        System.arraycopy(utf8, 0, padded, 3, utf8.length);
        return detector.mayMatch(new ValueProfile().reset(padded, 3, utf8.length));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("dev.sluice.policy.mask.BuiltInDetectorsTest#truePositives")
    void prefilterPassesEveryTruePositive(String name, String text, String span) {
        assertThat(found(detector(name), text)).contains(span);
        assertThat(mayMatch(detector(name), text)).isTrue();
    }

    @Test
    void prefiltersRuleOutOrdinaryText() {
        for (String text : List.of("Upgraded to the annual plan, discount code SPRING12345 applied.", "Zoë Nakamura",
                "1234567", "No notes.")) {
            for (String name : List.of("email", "card", "us_ssn", "jwt", "bearer_token", "aws_access_key",
                    "private_key")) {
                assertThat(mayMatch(detector(name), text)).as(name + " on " + text).isFalse();
            }
        }
    }

    /** Pieces that make up detector matches and their near misses, glued at random. */
    private static final String[] PIECES = {
        "4111 1111 1111 1111", "5555-5555-5555-4444", "4242424242424242", "123-45-6789", "078-05-1120", "ann@example.com",
        "a.b@x.io", "DE89370400440532013000", "GB82 WEST 1234 5698 7654 32", "+1 (415) 555-2671", "030 1234567",
        "192.168.0.1", "fe80::1", "::1", Jwts.SAMPLE, "Bearer abcDEF0123456789xyz==", "AKIAIOSFODNN7EXAMPLE",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----", "password=hunter2", "\"token\": \"x\"",
        "0", "7", "12", "345", "-", ".", ":", "@", "=", " ", "\t", "\n", "(", ")", "+", "/", "A", "K", "S", "I", "e", "y",
        "ey", "é", "東", "😀", "x", "Z", "bearer", "-----", "BEGIN ", "PRIVATE KEY", ",", ";", "\"", "'",
    };

    @Test
    void prefiltersNeverRejectWhatTheirDetectorFindsInGeneratedValues() {
        Random random = new Random(20261122);
        List<String> names = Detectors.names();
        for (int round = 0; round < 40_000; round++) {
            StringBuilder text = new StringBuilder();
            int pieces = 1 + random.nextInt(8);
            for (int p = 0; p < pieces; p++) {
                String piece = PIECES[random.nextInt(PIECES.length)];
                if (random.nextInt(4) == 0 && piece.length() > 2) {
                    int cut = random.nextInt(piece.length() - 1);
                    piece = random.nextBoolean() ? piece.substring(cut) : piece.substring(0, cut + 1);
                }
                text.append(piece);
            }
            String value = text.toString();
            for (String name : names) {
                Detector detector = detector(name);
                if (!found(detector, value).isEmpty()) {
                    assertThat(mayMatch(detector, value)).as(name + " on " + value).isTrue();
                }
            }
        }
    }
}
