package dev.otalab.stack.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.Map;

/** job-service campaigns: create (with an idempotency key), start/pause/resume/cancel, the campaign and its executions. */
public final class CampaignClient {

    private final JsonHttp http;

    public CampaignClient(String jobServiceUrl) {
        this.http = new JsonHttp(jobServiceUrl);
    }

    /** {@code POST /api/v1/campaigns} with {@code Idempotency-Key}; the campaign view (CREATED). */
    public JsonNode create(String idempotencyKey, Map<String, Object> body) {
        return http.sendForJson(http.request("/api/v1/campaigns").header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey).POST(JsonHttp.json(body)).build());
    }

    /** {@code POST /api/v1/campaigns/{id}/{action}}: {@code start}, {@code pause}, {@code resume} or {@code cancel}. */
    public JsonNode act(String id, String action) {
        return http.sendForJson(http.request("/api/v1/campaigns/" + id + "/" + action)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** {@code GET /api/v1/campaigns/{id}}: state, reason, counts, waves. */
    public JsonNode campaign(String id) {
        return http.sendForJson(http.request("/api/v1/campaigns/" + id).GET().build());
    }

    /** {@code GET /api/v1/campaigns/{id}/executions}: one per device, by wave. */
    public JsonNode executions(String id) {
        return http.sendForJson(http.request("/api/v1/campaigns/" + id + "/executions").GET().build());
    }
}
