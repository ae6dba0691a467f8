package dev.sluice.policy.mask;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Compact JWS strings built here, so no real token appears in the tests. */
final class Jwts {

    static final String SAMPLE = of("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"sub\":\"1234567890\",\"name\":\"x\"}")
            + "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    private Jwts() {}

    static String of(String header, String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".";
    }
}
