package dev.otalab.stack.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** signing-service: {@code POST /api/v1/sign} (multipart image + options JSON) and {@code POST /api/v1/verify}. */
public final class SigningClient {

    private final JsonHttp http;

    public SigningClient(String baseUrl) {
        this.http = new JsonHttp(baseUrl);
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    /** The signed image and what the service says about it (response headers). */
    public record SignedImage(byte[] bytes, String digest, String version, String keyId) {
    }

    /**
     * Sign options as the service takes them (imgtool's long names in camelCase, see the
     * signing-service README): start from {@link #options(String, String, long)} and add fields.
     */
    public static Map<String, Object> options(String keyId, String version, long slotSize) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("keyId", keyId);
        options.put("version", version);
        options.put("slotSize", slotSize);
        // never sniffed: a binary payload that happens to start with ':' is not Intel HEX
        options.put("inputFormat", "bin");
        return options;
    }

    /** Signs {@code unsigned} (binary) with {@code options}; a refusal throws {@link ServiceCallException}. */
    public SignedImage sign(byte[] unsigned, Map<String, Object> options) {
        String boundary = "otalab-" + UUID.randomUUID();
        byte[] body = multipart(boundary, unsigned, JsonHttp.JSON.valueToTree(options).toString());
        HttpResponse<byte[]> response = http.send(http.request("/api/v1/sign")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("X-Otalab-User", "otalab-stack")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        return new SignedImage(response.body(), header(response, "X-Image-Digest"), header(response, "X-Image-Version"),
                header(response, "X-Key-Id"));
    }

    /** The service's verify answer ({@code valid}, {@code status}, {@code lines}, …). */
    public JsonNode verify(byte[] image) {
        return http.sendForJson(http.request("/api/v1/verify")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static byte[] multipart(String boundary, byte[] image, String optionsJson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.length + 1024);
        try {
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"app.bin\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(image);
            out.write(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"options\"\r\n"
                    + "Content-Type: application/json\r\n\r\n" + optionsJson + "\r\n--" + boundary + "--\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
