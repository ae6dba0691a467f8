package dev.sluice.policy.mask;

import static dev.sluice.policy.mask.DetectorTesting.detector;
import static dev.sluice.policy.mask.DetectorTesting.found;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each built-in detector against values it must find and look-alikes it must leave alone. */
class BuiltInDetectorsTest {

    static Stream<Arguments> truePositives() {
        return Stream.of(
                // detector, text, the span it must find
                Arguments.of("email", "contact: alice.smith+news@example.co.uk.", "alice.smith+news@example.co.uk"),
                Arguments.of("email", "password='bob@corp-mail.example.com'", "bob@corp-mail.example.com"),
                Arguments.of("email", "<x_y%z@sub.example.org>", "x_y%z@sub.example.org"),
                Arguments.of("card", "card 4111 1111 1111 1111 exp 12/27", "4111 1111 1111 1111"),
                Arguments.of("card", "4111111111111111", "4111111111111111"),
                Arguments.of("card", "mc:5555-5555-5555-4444;", "5555-5555-5555-4444"),
                Arguments.of("card", "amex 3782 822463 10005", "3782 822463 10005"),
                Arguments.of("card", "qty 2 4242 4242 4242 4242 ok", "4242 4242 4242 4242"),
                Arguments.of("card", "1,6011111111111117,x", "6011111111111117"),
                Arguments.of("us_ssn", "SSN: 123-45-6789.", "123-45-6789"),
                Arguments.of("us_ssn", "(899-99-9999)", "899-99-9999"),
                Arguments.of("iban", "IBAN DE89370400440532013000 paid", "DE89370400440532013000"),
                Arguments.of("iban", "to GB82 WEST 1234 5698 7654 32.", "GB82 WEST 1234 5698 7654 32"),
                Arguments.of("iban", "NL91ABNA0417164300", "NL91ABNA0417164300"),
                Arguments.of("phone", "call +14155552671 now", "+14155552671"),
                Arguments.of("phone", "tel: +1 (415) 555-2671", "+1 (415) 555-2671"),
                Arguments.of("phone", "+49 30 1234567", "+49 30 1234567"),
                Arguments.of("phone", "office (415) 555-2671", "(415) 555-2671"),
                Arguments.of("phone", "415-555-2671", "415-555-2671"),
                Arguments.of("phone", "415.555.2671", "415.555.2671"),
                Arguments.of("phone", "Berlin 030 1234567", "030 1234567"),
                Arguments.of("phone", "London 020 7946 0018", "020 7946 0018"),
                Arguments.of("phone", "Paris 06 12 34 56 78", "06 12 34 56 78"),
                Arguments.of("ipv4", "from 192.168.1.20:5432", "192.168.1.20"),
                Arguments.of("ipv4", "host=10.0.0.1.", "10.0.0.1"),
                Arguments.of("ipv6", "from 2001:db8::8a2e:370:7334 port", "2001:db8::8a2e:370:7334"),
                Arguments.of("ipv6", "[fe80::1]:5432", "fe80::1"),
                Arguments.of("ipv6", "loopback ::1.", "::1"),
                Arguments.of("ipv6", "::ffff:192.0.2.128", "::ffff:192.0.2.128"),
                Arguments.of("ipv6", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:0db8:85a3:0000:0000:8a2e:0370:7334"),
                Arguments.of("jwt", "token=" + Jwts.SAMPLE + ".", Jwts.SAMPLE),
                Arguments.of("bearer_token", "Authorization: Bearer abcDEF0123456789xyz==", "abcDEF0123456789xyz=="),
                Arguments.of("bearer_token", "bearer\tya29.a0AfH6SMBx-long_token", "ya29.a0AfH6SMBx-long_token"),
                Arguments.of("aws_access_key", "key AKIAIOSFODNN7EXAMPLE used", "AKIAIOSFODNN7EXAMPLE"),
                Arguments.of("aws_access_key", "ASIAY34FZKBOKMUTVV7A", "ASIAY34FZKBOKMUTVV7A"),
                Arguments.of("private_key", "k: -----BEGIN RSA PRIVATE KEY-----\nMIIE\nabc\n-----END RSA PRIVATE KEY----- ok",
                        "-----BEGIN RSA PRIVATE KEY-----\nMIIE\nabc\n-----END RSA PRIVATE KEY-----"),
                Arguments.of("private_key", "-----BEGIN PRIVATE KEY-----\nMIIEvQ (truncated",
                        "-----BEGIN PRIVATE KEY-----\nMIIEvQ (truncated"),
                Arguments.of("secret_assignment", "user=bob password=hunter2 host=db", "hunter2"),
                Arguments.of("secret_assignment", "{\"api_key\": \"abc 123\", \"x\": 1}", "abc 123"),
                Arguments.of("secret_assignment", "DB_PASSWORD: s3cret", "s3cret"),
                Arguments.of("secret_assignment", "https://h/cb?access_token=xyz&state=1", "xyz"),
                Arguments.of("secret_assignment", "client_secret='a\\'b'", "a\\'b"));
    }

    @ParameterizedTest(name = "{0} finds {2} in {1}")
    @MethodSource("truePositives")
    void findsTheSensitivePart(String name, String text, String expected) {
        assertThat(found(detector(name), text)).containsExactly(expected);
    }

    static Stream<Arguments> falsePositives() {
        return Stream.of(
                Arguments.of("email", "user@localhost"),
                Arguments.of("email", "a..b@example.com"),
                Arguments.of("email", "@example.com"),
                Arguments.of("email", "x@example.c0m"),
                Arguments.of("email", "select '@' || col"),
                Arguments.of("card", "4111111111111112"),
                Arguments.of("card", "order 1234567890123452"),
                Arguments.of("card", "41111111111111111111111"),
                Arguments.of("card", "v4111111111111111"),
                Arguments.of("card", "0.4111111111111111"),
                Arguments.of("card", "2024-01-15 10:30:00"),
                Arguments.of("card", "411 1111 1111 1111 1"),
                Arguments.of("us_ssn", "000-12-3456"),
                Arguments.of("us_ssn", "666-12-3456"),
                Arguments.of("us_ssn", "912-12-3456"),
                Arguments.of("us_ssn", "123-00-4567"),
                Arguments.of("us_ssn", "123-45-0000"),
                Arguments.of("us_ssn", "123456789"),
                Arguments.of("us_ssn", "1123-45-6789"),
                Arguments.of("us_ssn", "2024-12-31"),
                Arguments.of("iban", "DE89370400440532013001"),
                Arguments.of("iban", "DE8937040044053201300"),
                Arguments.of("iban", "XX89370400440532013000"),
                Arguments.of("iban", "ID DE89370400440532013000X"),
                Arguments.of("phone", "order 14155552671"),
                Arguments.of("phone", "2024-01-15"),
                Arguments.of("phone", "01-02-2024"),
                Arguments.of("phone", "01/02/2024 12:30"),
                Arguments.of("phone", "192.168.101.1"),
                Arguments.of("phone", "10.415.555.2671"),
                Arguments.of("phone", "555-123-4567"),
                Arguments.of("phone", "+1234567"),
                Arguments.of("phone", "+12345678901234567"),
                Arguments.of("phone", "version 1.2.3"),
                Arguments.of("ipv4", "256.1.1.1"),
                Arguments.of("ipv4", "1.2.3"),
                Arguments.of("ipv4", "1.2.3.4.5"),
                Arguments.of("ipv4", "01.2.3.4"),
                Arguments.of("ipv4", "v1.2.3.4"),
                Arguments.of("ipv6", "12:30:45"),
                Arguments.of("ipv6", "00:1a:2b:3c:4d:5e"),
                Arguments.of("ipv6", "std::vector"),
                Arguments.of("ipv6", "a::b::c"),
                Arguments.of("ipv6", "x :: y"),
                Arguments.of("ipv6", "1:2:3:4:5:6:7:8:9"),
                Arguments.of("jwt", "eyJhbGciOiJIUzI1NiJ9.e30"),
                Arguments.of("jwt", "eyJub3RhbGciOjF9.eyJzdWIiOiIxIn0.c2ln"),
                Arguments.of("jwt", "eyes.on.you"),
                Arguments.of("jwt", "file.tar.gz"),
                Arguments.of("bearer_token", "the bearer of this bond"),
                Arguments.of("bearer_token", "Bearer realm=\"api\""),
                Arguments.of("bearer_token", "Bearer short"),
                Arguments.of("aws_access_key", "AKIAIOSFODNN7EXAMPL"),
                Arguments.of("aws_access_key", "AKIAIOSFODNN7EXAMPLE1"),
                Arguments.of("aws_access_key", "XAKIAIOSFODNN7EXAMPLE"),
                Arguments.of("aws_access_key", "AKIAiosfodnn7example"),
                Arguments.of("private_key", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"),
                Arguments.of("private_key", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"),
                Arguments.of("secret_assignment", "if password == other"),
                Arguments.of("secret_assignment", "password_hash: $2b$12$abc"),
                Arguments.of("secret_assignment", "token_type=bearer"),
                Arguments.of("secret_assignment", "https://example.com/token"),
                Arguments.of("secret_assignment", "password="),
                Arguments.of("secret_assignment", "tokens: 12"));
    }

    @ParameterizedTest(name = "{0} leaves {1} alone")
    @MethodSource("falsePositives")
    void leavesLookAlikesAlone(String name, String text) {
        assertThat(found(detector(name), text)).isEmpty();
    }

    static Stream<Arguments> wholeValues() {
        return Stream.of(
                Arguments.of("email", "bob@example.com", true),
                Arguments.of("email", "mail bob@example.com", false),
                Arguments.of("card", "4111-1111-1111-1111", true),
                Arguments.of("us_ssn", "123-45-6789", true),
                Arguments.of("iban", "DE89 3704 0044 0532 0130 00", true),
                Arguments.of("ipv4", "8.8.8.8", true),
                Arguments.of("ipv6", "fe80::1", true),
                Arguments.of("jwt", Jwts.SAMPLE, true),
                Arguments.of("bearer_token", "Bearer abcDEF0123456789xyz", true),
                Arguments.of("bearer_token", "abcDEF0123456789xyz", false),
                Arguments.of("secret_assignment", "password=hunter2", true),
                Arguments.of("secret_assignment", "x password=hunter2", false),
                Arguments.of("aws_access_key", "", false));
    }

    @ParameterizedTest(name = "{0} matches all of {1}: {2}")
    @MethodSource("wholeValues")
    void recognisesWholeValues(String name, String value, boolean whole) {
        assertThat(detector(name).matchesWhole(value)).isEqualTo(whole);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void emptyTextHasNothingToFind(String name) {
        assertThat(found(detector(name), "")).isEmpty();
    }

    static Stream<String> names() {
        return Detectors.names().stream();
    }
}
