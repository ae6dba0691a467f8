package dev.sluice.core.access;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/** The JSON shape of requests and grants, shared by the state file, the admin API and webhooks: snake_case, ISO-8601 times. */
public final class AccessJson {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule()
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(Duration.class, ToStringSerializer.instance)
                    .addDeserializer(Instant.class, new FromText<>(Instant.class, Instant::parse))
                    .addDeserializer(Duration.class, new FromText<>(Duration.class, Duration::parse)))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private AccessJson() {
    }

    private static final class FromText<T> extends StdDeserializer<T> {
        private final transient Function<String, T> parse;

        FromText(Class<T> type, Function<String, T> parse) {
            super(type);
            this.parse = parse;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            try {
                return parse.apply(text);
            } catch (RuntimeException e) {
                return (T) context.handleWeirdStringValue(handledType(), text, e.getMessage());
            }
        }
    }
}
