package dev.otalab.controller;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.stack.OtaBackend;
import dev.otalab.stack.OtalabService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OTA part of the nightly suite ({@code plans/ota-nightly.yaml}) end to end: the controller has
 * its uploads signed by the real signing-service, uploads them to the real image-store, writes job
 * documents and campaigns in the real job-service, and an emulated kit behind the lab-api downloads over
 * a TLS Mosquitto with the deploy ACL, as a real kit would.
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
        List<String> signedBefore = signaturesByController();
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
        // every upload was signed by the signing-service, which recorded it
        for (int c = 0; c < OTA_CASES.size(); c++) {
            assertThat(run.getList("cases[" + c + "].steps.findAll { it.kind == 'upload' }.message", String.class))
                    .allMatch(m -> m.contains("signed by signing-service with " + OtaBackend.TEST_KEY_ID));
            String digest = run.getString("cases[" + c + "].variables.digest");
            assertThat(signing().queryParam("digest", digest).queryParam("signedBy", "lab-controller")
                    .get("/api/v1/signatures").then().statusCode(200).extract().jsonPath().getList("$")).isNotEmpty();
        }
        // the images program steps write were signed there too (the plan's six signed images), not here
        List<String> signedNow = signaturesByController();
        long newSignatures = signedNow.stream().takeWhile(sid -> !signedBefore.contains(sid)).count();
        long uploads = run.getList("cases.steps.flatten().findAll { it.kind == 'upload' }").size();
        assertThat(newSignatures).isGreaterThanOrEqualTo(uploads + 6);
        // the revert case: a campaign whose one execution REVERTED, 1.2.0 then blocked and VETOED for the job
        String campaign = run.getString("cases[2].variables.campaign");
        JsonPath c = jobs().get("/api/v1/campaigns/" + campaign).then().statusCode(200).extract().jsonPath();
        assertThat(c.getString("state")).isEqualTo("ABORTED");
        assertThat(c.getInt("counts.REVERTED")).isEqualTo(1);
        assertThat(c.getString("version")).isEqualTo("1.2.0");
        assertThat(c.getString("idempotencyKey")).isEqualTo(id + ":ota-revert-bad-image:" + stepIndex(run, 2, "campaign", 2));
        assertThat(jobs().get("/api/v1/campaigns/" + campaign + "/executions").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.state == 'REVERTED' }.deviceKey", String.class)).containsExactly(DEVICE);
        assertThat(run.getList("cases[2].steps.message", String.class))
                .contains("1.2.0 blocked for " + DEVICE, DEVICE + " reported 1.1.0 (VETOED)", "cleared 1.2.0 for " + DEVICE);
        // the case cleared its block: a repeated run starts clean
        assertThat(OtaStackResource.backend.jobs().device(OtaStackResource.BOARD, OtaStackResource.SERIAL)
                .path("blockedVersions").findValuesAsText("version")).doesNotContain("1.2.0");
        // job-service saw the kit: last check after the suite, still on 1.1.0
        var device = OtaStackResource.backend.jobs().device(OtaStackResource.BOARD, OtaStackResource.SERIAL);
        assertThat(device.path("device").path("lastVersion").asText()).isEqualTo("1.1.0");
        String xml = given().get("/api/v1/runs/" + id + "/report.xml").then().statusCode(200).extract().asString();
        for (String name : OTA_CASES) {
            assertThat(xml).contains("<testcase classname=\"ota-nightly\" name=\"" + name + "\"");
        }
    }

    @Test
    void aCampaignEndingOtherwiseThanAwaitedFailsTheCaseAndCancelCleansUp() throws Exception {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("plan", "campaign-checks", "boardUrl", OtaStackResource.kits.url(),
                        "boardId", OtaStackResource.KIT_ID, "variables", Map.of("otaBoard", OtaStackResource.BOARD)))
                .post("/api/v1/runs").then().statusCode(202).extract().path("id");
        JsonPath run;
        try {
            run = RunsTest.await(id);
        } finally {
            Thread.sleep(500);
            deleteRows();
        }
        // test failures, not infrastructure errors
        assertThat(run.getString("status")).as(run.prettify()).isEqualTo("FAILED");
        assertThat(run.getList("cases.status", String.class))
                .containsExactly("PASSED", "FAILURE", "FAILURE", "FAILURE", "PASSED");
        assertThat(run.getString("cases[0].steps[-1].message")).contains("ended SUCCEEDED").contains("SUCCEEDED=1");
        assertThat(run.getString("cases[1].steps[-1].status")).isEqualTo("FAILED");
        assertThat(run.getString("cases[1].steps[-1].message")).isEqualTo("campaign ended SUCCEEDED, not ABORTED");
        assertThat(run.getString("cases[1].steps[-1].actual")).contains(DEVICE + " SUCCEEDED");
        assertThat(run.getString("cases[2].steps[0].message")).isEqualTo("1.1.0 is not blocked");
        assertThat(run.getString("cases[3].steps[1].message")).isEqualTo("campaign still RUNNING after 1500 ms");
        // the never-ending campaign was created once under this step's key, and the last case canceled it
        String stuck = run.getString("cases[3].variables.stuck");
        assertThat(run.getString("cases[4].steps[0].message")).isEqualTo("canceled " + stuck);
        JsonPath c = jobs().get("/api/v1/campaigns/" + stuck).then().statusCode(200).extract().jsonPath();
        assertThat(c.getString("state")).isEqualTo("CANCELED");
        assertThat(c.getString("idempotencyKey")).isEqualTo(id + ":never-ends:1");
        assertThat(jobs().queryParam("board", OtaStackResource.BOARD).get("/api/v1/campaigns").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.idempotencyKey.startsWith('" + id + "') }")).hasSize(3);
    }

    static final String DEVICE = OtaStackResource.BOARD + ":" + OtaStackResource.SERIAL;

    private static io.restassured.specification.RequestSpecification jobs() {
        return given().baseUri(OtaStackResource.backend.service(OtalabService.JOB_SERVICE).url());
    }

    /** Ids of the signatures made for the lab-controller, newest first. */
    private static List<String> signaturesByController() {
        return signing().queryParam("signedBy", "lab-controller").queryParam("limit", "200")
                .get("/api/v1/signatures").then().statusCode(200).extract().jsonPath().getList("id", String.class);
    }

    private static io.restassured.specification.RequestSpecification signing() {
        return given().baseUri(OtaStackResource.backend.service(OtalabService.SIGNING_SERVICE).url());
    }

    /** The index of the {@code n}-th (1-based) step of {@code kind} in case {@code c}. */
    private static int stepIndex(JsonPath run, int c, String kind, int n) {
        List<String> kinds = run.getList("cases[" + c + "].steps.kind", String.class);
        int seen = 0;
        for (int i = 0; i < kinds.size(); i++) {
            if (kinds.get(i).equals(kind) && ++seen == n) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " step #" + n + " in case " + c);
    }
}
