package dev.otalab.controller;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OTA part of the nightly suite ({@code plans/ota-nightly.yaml}) end to end: the controller
 * uploads to the real image-store, writes job documents in the real job-service, and an emulated kit
 * behind the lab-api downloads over a TLS Mosquitto with the deploy ACL, as a real kit would.
 */
@QuarkusTest
@TestProfile(OtaRunsTest.WithOtaBackend.class)
class OtaRunsTest {

    public static class WithOtaBackend implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OtaStackResource.class));
        }
    }

    static final List<String> OTA_CASES = List.of("factory-app-ota-to-blinky", "ota-swap-upgrade-and-confirm",
            "ota-revert-bad-image", "ota-same-version-not-offered");

    /** Removes what the run stored: its rows here, the board's images in image-store and its job. */
    static void deleteRows() throws Exception {
        RunsTest.deleteRuns(OtaStackResource.kits.url());
        var images = OtaStackResource.backend.images();
        for (var img : new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.net.URI.create(images.baseUrl()
                + "/api/v1/images?limit=1000&board=" + OtaStackResource.BOARD).toURL())) {
            images.delete(img.get("digest").asText());
        }
        OtaStackResource.backend.jobs().deleteJob(OtaStackResource.BOARD);
    }

    @Test
    void theOtaScenariosPassCaseByCaseThroughTheRealServices() throws Exception {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("plan", "ota-nightly", "boardUrl", OtaStackResource.kits.url(),
                        "boardId", OtaStackResource.KIT_ID, "variables", Map.of("otaBoard", OtaStackResource.BOARD)))
                .post("/api/v1/runs").then().statusCode(202).extract().path("id");
        JsonPath run;
        try {
            run = RunsTest.await(id);
        } finally {
            Thread.sleep(500); // the worker has stored the finished run
            deleteRows();
        }
        assertThat(run.getList("cases.name", String.class)).containsExactlyElementsOf(OTA_CASES);
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("PASSED");
        assertThat(run.getList("cases.status", String.class)).containsOnly("PASSED");
        // the board string reached every OTA step, and the device reports came from this kit
        assertThat(run.getString("cases[0].variables.otaBoard")).isEqualTo(OtaStackResource.BOARD);
        assertThat(run.getString("cases[0].variables.digest")).matches("[0-9a-f]{64}");
        assertThat(run.getList("cases[3].steps.message", String.class))
                .contains(OtaStackResource.BOARD + ":" + OtaStackResource.SERIAL + " reported 1.1.0 (NOT_NEWER)");
        // job-service saw the kit: last check after the suite, still on 1.1.0
        var device = OtaStackResource.backend.jobs().device(OtaStackResource.BOARD, OtaStackResource.SERIAL);
        assertThat(device.path("device").path("lastVersion").asText()).isEqualTo("1.1.0");
        String xml = given().get("/api/v1/runs/" + id + "/report.xml").then().statusCode(200).extract().asString();
        for (String c : OTA_CASES) {
            assertThat(xml).contains("<testcase classname=\"ota-nightly\" name=\"" + c + "\"");
        }
    }
}
