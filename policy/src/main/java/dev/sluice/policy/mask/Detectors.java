package dev.sluice.policy.mask;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The built-in detectors, by the names rules use. */
public final class Detectors {

    private static final Map<String, Detector> BUILT_IN = new LinkedHashMap<>();

    static {
        for (Detector d : List.of(EmailDetector.INSTANCE, CardDetector.KNOWN_ISSUERS, UsSsnDetector.INSTANCE,
                IbanDetector.INSTANCE, PhoneDetector.INSTANCE, Ipv4Detector.INSTANCE, Ipv6Detector.INSTANCE,
                JwtDetector.INSTANCE, BearerTokenDetector.INSTANCE, AwsAccessKeyDetector.INSTANCE,
                PrivateKeyDetector.INSTANCE, SecretAssignmentDetector.INSTANCE)) {
            BUILT_IN.put(d.name(), d);
        }
    }

    private Detectors() {}

    public static Optional<Detector> builtIn(String name) {
        return Optional.ofNullable(BUILT_IN.get(name));
    }

    /** Names of the built-in detectors, in documentation order. */
    public static List<String> names() {
        return List.copyOf(BUILT_IN.keySet());
    }

    public static Detector email() {
        return EmailDetector.INSTANCE;
    }

    /** Card numbers with a major network's issuer prefix (the {@code card} detector). */
    public static Detector card() {
        return CardDetector.KNOWN_ISSUERS;
    }

    /** Card numbers by length and Luhn check alone, whatever the issuer prefix. */
    public static Detector cardAnyIssuer() {
        return new CardDetector(false);
    }
}
