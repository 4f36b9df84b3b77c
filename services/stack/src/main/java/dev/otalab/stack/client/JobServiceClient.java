package dev.otalab.stack.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** job-service: job documents per board, and what devices reported. */
public final class JobServiceClient {

    private final JsonHttp http;

    public JobServiceClient(String baseUrl) {
        this.http = new JsonHttp(baseUrl);
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    /** A board's job as job-service keeps it. */
    public record Job(String board, String imageDigest, String version, long imageSize, String broker, String port,
            List<String> serialNumbers, String revision) {
    }

    /** {@code PUT /api/v1/jobs/{board}} offering the stored image {@code digest} to the board's devices. */
    public Job putJob(String board, String imageDigest) {
        return putJob(board, Map.of("imageDigest", imageDigest));
    }

    /** {@code PUT /api/v1/jobs/{board}} with a full body ({@code imageDigest}, {@code broker}, {@code port}, {@code serialNumbers}). */
    public Job putJob(String board, Map<String, Object> body) {
        return http.sendFor(http.request("/api/v1/jobs/" + encode(board))
                .header("Content-Type", "application/json")
                .PUT(JsonHttp.json(body)).build(), Job.class);
    }

    /** Removes the board's job; an absent job is not an error. */
    public void deleteJob(String board) {
        try {
            http.send(http.request("/api/v1/jobs/" + encode(board)).DELETE().build());
        } catch (ServiceCallException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    /** {@code GET /api/v1/devices/{board:serial}}: {@code {device, reports[], sessions[], results[]}}, newest first. */
    public JsonNode device(String board, String serialNumber) {
        return http.sendForJson(http.request("/api/v1/devices/" + encode(board + ":" + serialNumber)).GET().build());
    }

    /** {@code GET /api/v1/devices?board=}: the board's devices, most recently seen first. */
    public JsonNode devices(String board) {
        return http.sendForJson(http.request("/api/v1/devices?limit=1000&board=" + encode(board)).GET().build());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
