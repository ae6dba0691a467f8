package dev.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the gateway's admin API with a bearer token and reads JSON answers. The token never prints. */
final class AdminApiClient {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: its status and JSON body (an empty object when the body was not JSON). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The refusal as one line: the server's error and the status. */
        String error() {
            String message = body.path("error").asText("");
            return (message.isEmpty() ? "the admin API answered" : message) + " (HTTP " + status + ")";
        }
    }

    private final URI admin;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    AdminApiClient(URI admin, String token) {
        String base = admin.toString();
        this.admin = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.token = token;
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Answer post(String path, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    private URI uri(String path) {
        return URI.create(admin + path);
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(TIMEOUT).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = JSON.createObjectNode();
        }
        return new Answer(response.statusCode(), body == null ? JSON.createObjectNode() : body);
    }

    @Override
    public String toString() {
        return "AdminApiClient[" + admin + ", token ****]";
    }
}
