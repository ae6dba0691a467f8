package dev.sluice.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A last line of defence for text that reaches a recording: callers mask secrets, but a token pasted into a
 * statement or an error message is easy to miss, and a recording keeps it for years.
 */
public final class Redaction {
    public static final String MASK = "****";
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}");

    private Redaction() {
    }

    /** {@code text} with JWT-shaped strings and bearer credentials replaced by {@value #MASK}. */
    public static String redact(String text) {
        if (text == null || text.length() < 12) {
            return text;
        }
        String withoutJwts = text.contains("eyJ") ? JWT.matcher(text).replaceAll(MASK) : text;
        return mentionsBearer(withoutJwts) ? BEARER.matcher(withoutJwts).replaceAll("$1" + MASK) : withoutJwts;
    }

    /** Whether {@code text} could hold something {@link #redact} would change: a JWT or a bearer credential. */
    static boolean mayHoldToken(String text) {
        return text.contains("eyJ") || mentionsBearer(text);
    }

    /** A cheap test before the regular expression: most recorded text never says "bearer". */
    private static boolean mentionsBearer(String text) {
        for (int i = 0; i + 6 <= text.length(); i++) {
            char c = text.charAt(i);
            if ((c == 'b' || c == 'B') && text.regionMatches(true, i, "bearer", 0, 6)) {
                return true;
            }
        }
        return false;
    }

    /** Redacts every string value in {@code node}, in place. */
    static void redactTree(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(redact(field.getValue().textValue())));
                } else {
                    redactTree(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(redact(array.get(i).textValue())));
                } else {
                    redactTree(array.get(i));
                }
            }
        }
    }
}
