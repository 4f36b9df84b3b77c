package dev.otalab.jobs;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** REST helpers for the campaign tests. */
final class Campaigns {

    private Campaigns() {
    }

    static Response post(String key, String body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post("/api/v1/campaigns");
    }

    /** Creates (201) and returns the id. */
    static String create(String body) {
        return post(UUID.randomUUID().toString(), body).then().statusCode(201).extract().jsonPath().getString("id");
    }

    static JsonPath action(String id, String action, int status) {
        return given().post("/api/v1/campaigns/" + id + "/" + action).then().statusCode(status).extract().jsonPath();
    }

    static JsonPath get(String id) {
        return given().get("/api/v1/campaigns/" + id).then().statusCode(200).extract().jsonPath();
    }

    static List<Map<String, Object>> executions(String id) {
        return given().get("/api/v1/campaigns/" + id + "/executions").then().statusCode(200).extract().jsonPath()
                .getList("");
    }

    static Map<String, Object> execution(String id, String deviceKey) {
        return executions(id).stream().filter(e -> deviceKey.equals(e.get("deviceKey"))).findFirst()
                .orElseThrow(() -> new AssertionError("no execution for " + deviceKey));
    }

    static String state(String id, String deviceKey) {
        return (String) execution(id, deviceKey).get("state");
    }

    /** Waits (generously; results and timeouts are handled asynchronously) for an execution state. */
    static void awaitState(String id, String deviceKey, String state) {
        TestSupport.eventually(Duration.ofSeconds(30), () -> state.equals(state(id, deviceKey)),
                deviceKey + " " + state);
    }

    static void awaitCampaign(String id, String state) {
        TestSupport.eventually(Duration.ofSeconds(30), () -> state.equals(get(id).getString("state")),
                "campaign " + state);
    }

    /** Executions of the given wave, by device key. */
    static List<String> wave(String id, int wave) {
        return executions(id).stream().filter(e -> ((Number) e.get("wave")).intValue() == wave)
                .map(e -> (String) e.get("deviceKey")).toList();
    }
}
