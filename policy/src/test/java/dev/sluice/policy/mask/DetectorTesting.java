package dev.sluice.policy.mask;

import java.util.ArrayList;
import java.util.List;

/** What a detector finds in a text, as the matched substrings. */
final class DetectorTesting {

    private DetectorTesting() {}

    static List<String> found(Detector detector, String text) {
        List<String> spans = new ArrayList<>();
        detector.find(text, (start, end) -> spans.add(text.substring(start, end)));
        return spans;
    }

    static Detector detector(String name) {
        return Detectors.builtIn(name).orElseThrow();
    }
}
