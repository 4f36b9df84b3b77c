package dev.otalab.stack.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** java.net.http plus Jackson for the typed clients: JSON in and out, problem JSON turned into exceptions. */
final class JsonHttp {

    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    JsonHttp(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    String baseUrl() {
        return baseUrl;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT);
    }

    /** Sends and returns the response if its status is 2xx, else throws {@link ServiceCallException}. */
    HttpResponse<byte[]> send(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.method() + " " + request.uri(), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw failure(request, response);
        }
        return response;
    }

    JsonNode sendForJson(HttpRequest request) {
        return read(send(request).body(), JsonNode.class);
    }

    <T> T sendFor(HttpRequest request, Class<T> type) {
        return read(send(request).body(), type);
    }

    static HttpRequest.BodyPublisher json(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(byte[] body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new IllegalStateException("not the expected JSON (" + type.getSimpleName() + "): "
                    + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    private static ServiceCallException failure(HttpRequest request, HttpResponse<byte[]> response) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        String type = null;
        String detail = null;
        try {
            JsonNode problem = JSON.readTree(text);
            if (problem != null && problem.isObject()) {
                String t = problem.path("type").asText(null);
                type = t == null ? null : t.substring(t.lastIndexOf('/') + 1);
                detail = problem.path("detail").asText(null);
            }
        } catch (IOException e) {
            // not JSON: the raw body is the message
        }
        return new ServiceCallException(request.method() + " " + request.uri(), response.statusCode(), type, detail, text);
    }
}
