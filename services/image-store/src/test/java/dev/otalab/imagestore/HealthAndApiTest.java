package dev.otalab.imagestore;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = ImageStoreTestResource.class, restrictToAnnotatedClass = true)
class HealthAndApiTest {

    @Test
    void readinessCoversDatabaseBrokerAndKeys() throws Exception {
        Response r = null;
        for (int i = 0; i < 100; i++) { // the MQTT connections come up asynchronously after start
            r = given().get("/q/health/ready");
            if (r.statusCode() == 200) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        List<Map<String, Object>> checks = r.jsonPath().getList("checks");
        Map<String, Object> byName = checks.stream().collect(Collectors.toMap(c -> (String) c.get("name"), c -> c.get("status")));
        assertThat(byName).containsEntry("mqtt-chunk-sender", "UP").containsEntry("trusted-keys", "UP")
                .containsEntry("SmallRye Reactive Messaging - readiness check", "UP")
                .containsEntry("Reactive PostgreSQL connections health check", "UP")
                .containsEntry("Database connections health check", "UP");
        assertThat(r.asString()).contains("otalab-test-ec-p256", "mqtts://127.0.0.1:");
        assertThat(given().get("/q/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void openApiDescribesTheEndpoints() {
        String api = given().get("/q/openapi").asString();
        assertThat(api).contains("/api/v1/images", "/api/v1/images/{digest}", "/api/v1/images/{digest}/meta",
                "untrusted-image", "Range");
    }

    @Test
    void metricsAreExported() {
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).contains("otalab_ota_chunks_sent_total", "otalab_ota_bytes_sent_total",
                "otalab_ota_transfers_total{event=\"started\"}", "otalab_ota_transfers_total{event=\"completed\"}",
                "otalab_ota_transfers_total{event=\"cancelled\"}", "otalab_ota_transfers_active");
    }

    @Test
    void unknownPathIsProblemJson() {
        Response r = given().get("/api/v1/nothing-here");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.jsonPath().getString("type")).isEqualTo("https://otalab.dev/problems/not-found");
    }
}
