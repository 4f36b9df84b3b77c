package dev.otalab.stack.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/** lab-controller: start a run of a plan, read its status, fetch its reports. */
public final class LabControllerClient {

    private final JsonHttp http;

    public LabControllerClient(String baseUrl) {
        this.http = new JsonHttp(baseUrl);
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    /** {@code POST /api/v1/runs} of {@code plan} on the pool board {@code boardId}; the run as accepted (202). */
    public JsonNode startRun(String plan, String boardId, Map<String, String> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan", plan);
        body.put("boardId", boardId);
        if (variables != null && !variables.isEmpty()) {
            body.put("variables", variables);
        }
        return http.sendForJson(http.request("/api/v1/runs").header("Content-Type", "application/json")
                .POST(JsonHttp.json(body)).build());
    }

    /** {@code GET /api/v1/runs/{id}}: status, totals, cases with their steps. */
    public JsonNode run(String id) {
        return http.sendForJson(http.request("/api/v1/runs/" + id).GET().build());
    }

    /** {@code POST /api/v1/runs/{id}/cancel}; a finished run (409) is not an error. */
    public void cancel(String id) {
        try {
            http.send(http.request("/api/v1/runs/" + id + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build());
        } catch (ServiceCallException e) {
            if (e.status() != 409) {
                throw e;
            }
        }
    }

    /** {@code GET /api/v1/runs/{id}/report.{format}} with format {@code xml}, {@code json} or {@code html}. */
    public byte[] report(String id, String format) {
        return http.send(http.request("/api/v1/runs/" + id + "/report." + format).GET().build()).body();
    }
}
