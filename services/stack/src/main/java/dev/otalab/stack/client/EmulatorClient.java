package dev.otalab.stack.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * emulator service: create and delete virtual kits, program a flash area, power, and the OTA agent's
 * status ({@code GET /boards/{id}/ota}); the lab-api shapes as JSON trees (this library does not depend on lab-api).
 */
public final class EmulatorClient {

    private final JsonHttp http;

    public EmulatorClient(String baseUrl) {
        this.http = new JsonHttp(baseUrl);
    }

    public String baseUrl() {
        return http.baseUrl();
    }

    /**
     * {@code POST /api/v1/boards} {@code {id, kit, flashmap, bootloader, ota}}; {@code ota} holds per-board
     * overrides ({@code board}, {@code serialNumber}, …) or is null.
     */
    public JsonNode createBoard(String id, String kit, String flashmap, String bootloader, Map<String, String> ota) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("id", id);
        body.put("kit", kit);
        body.put("flashmap", flashmap);
        body.put("bootloader", bootloader);
        if (ota != null) {
            body.put("ota", ota);
        }
        return http.sendForJson(http.request("/api/v1/boards").header("Content-Type", "application/json")
                .POST(JsonHttp.json(body)).build());
    }

    /** Deletes a board; an absent board is not an error. */
    public void deleteBoard(String id) {
        try {
            http.send(http.request("/api/v1/boards/" + encode(id)).DELETE().build());
        } catch (ServiceCallException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }

    /** {@code POST /boards/{id}/program?area=} with a binary image. */
    public JsonNode program(String id, String area, byte[] image) {
        return http.sendForJson(http.request("/api/v1/boards/" + encode(id) + "/program?area=" + encode(area))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build());
    }

    /** {@code POST /boards/{id}/power} with {@code on}, {@code off} or {@code cycle}. */
    public JsonNode power(String id, String action) {
        return http.sendForJson(http.request("/api/v1/boards/" + encode(id) + "/power")
                .header("Content-Type", "application/json")
                .POST(JsonHttp.json(Map.of("action", action))).build());
    }

    /** {@code GET /boards/{id}/ota}: {@code state}, {@code runningApp}, {@code runningVersion}, {@code counters}, … */
    public JsonNode ota(String id) {
        return http.sendForJson(http.request("/api/v1/boards/" + encode(id) + "/ota").GET().build());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
