package dev.sluice.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line format shared by recordings and the deletion log. A line is a JSON object whose last member is
 * {@code "hash"} (and, on a seal, then {@code "sig"}). The hash is the hex SHA-256 of the line's canonical bytes:
 * the exact bytes of the line with those trailing members removed, so verifying never depends on re-serialising
 * JSON. Each line's {@code prev} is the previous line's hash; the first line's is {@link #genesis(String)}.
 */
final class ChainedLines {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final byte[] HASH_MEMBER = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern TRAILER = Pattern.compile(",\"hash\":\"([0-9a-f]{64})\"(?:,\"sig\":\"([A-Za-z0-9+/=]{1,200})\")?}");

    private ChainedLines() {
    }

    /** What the first line of a chain points back to: binds the chain to its session (or log) name. */
    static String genesis(String chainName) {
        return sha256Hex(("sluice-audit-chain\n" + chainName).getBytes(StandardCharsets.UTF_8));
    }

    static byte[] canonical(ObjectNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole line, newline included, for canonical bytes, their hash and an optional signature. */
    static byte[] line(byte[] canonical, String hash, String signature) {
        String trailer = ",\"hash\":\"" + hash + "\"" + (signature == null ? "" : ",\"sig\":\"" + signature + "\"") + "}\n";
        byte[] tail = trailer.getBytes(StandardCharsets.US_ASCII);
        byte[] line = Arrays.copyOf(canonical, canonical.length - 1 + tail.length);
        System.arraycopy(tail, 0, line, canonical.length - 1, tail.length);
        return line;
    }

    /**
     * Splits one line (without its newline) into canonical bytes, hash, signature and parsed body.
     *
     * @throws IllegalArgumentException the line is not a chained JSON line
     */
    static Parsed parse(byte[] line) {
        int at = lastIndexOf(line, HASH_MEMBER);
        if (at < 1) {
            throw new IllegalArgumentException("no trailing hash");
        }
        Matcher trailer = TRAILER.matcher(new String(line, at, line.length - at, StandardCharsets.US_ASCII));
        if (!trailer.matches()) {
            throw new IllegalArgumentException("malformed trailing hash");
        }
        byte[] canonical = Arrays.copyOf(line, at + 1);
        canonical[at] = '}';
        JsonNode body;
        try {
            body = MAPPER.readTree(canonical);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (body == null || !body.isObject() || !body.path("seq").canConvertToLong() || !body.path("prev").isTextual()) {
            throw new IllegalArgumentException("not an event (seq and prev required)");
        }
        return new Parsed(canonical, trailer.group(1), trailer.group(2), body);
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A parsed line; {@code signature} is null except on seals. */
    record Parsed(byte[] canonical, String hash, String signature, JsonNode body) {
        long seq() {
            return body.path("seq").asLong();
        }

        String prev() {
            return body.path("prev").asText();
        }

        String type() {
            return body.path("type").asText("");
        }

        boolean hashMatches() {
            return sha256Hex(canonical).equals(hash);
        }
    }
}
