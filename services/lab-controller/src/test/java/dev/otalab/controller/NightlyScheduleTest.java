package dev.otalab.controller;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The nightly cron starts the configured plan on the configured boards; runs accept a configured boardId. */
@QuarkusTest
@QuarkusTestResource(value = KitServerResource.class, restrictToAnnotatedClass = true)
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class NightlyScheduleTest {

    static String boardUrl() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("otalab.controller.boards.\"emu-cfg\"", String.class);
    }

    @jakarta.inject.Inject
    io.quarkus.scheduler.Scheduler scheduler;

    @org.junit.jupiter.api.AfterAll
    void deleteRows() throws Exception {
        // stop the cron, let the last scheduled run finish and be stored, then remove the rows
        scheduler.pause("nightly");
        Thread.sleep(2000);
        RunsTest.deleteRuns(boardUrl());
    }

    @Test
    void theCronStartsTheNightlyPlanOnEveryNightlyBoard() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        String boardUrl = boardUrl();
        String id = null;
        while (id == null && System.currentTimeMillis() < deadline) {
            List<Map<String, Object>> runs = given().get("/api/v1/runs").then().statusCode(200).extract().jsonPath().getList("$");
            id = runs.stream().filter(r -> "fault-and-power".equals(r.get("plan")) && boardUrl.equals(r.get("boardUrl")))
                    .map(r -> (String) r.get("id")).findFirst().orElse(null);
            Thread.sleep(200);
        }
        assertThat(id).as("a scheduled run").isNotNull();
        JsonPath run = RunsTest.await(id);
        assertThat(run.getString("status")).isEqualTo("PASSED");
    }

    @Test
    void aConfiguredBoardIsAddressedByItsIdAlone() throws Exception {
        String id = given().contentType(ContentType.JSON).body(Map.of("plan", "fault-and-power", "boardId", "emu-cfg"))
                .post("/api/v1/runs").then().statusCode(202).extract().path("id");
        assertThat(RunsTest.await(id).getString("status")).isEqualTo("PASSED");
        given().contentType(ContentType.JSON).body(Map.of("plan", "fault-and-power", "boardId", "unknown-board"))
                .post("/api/v1/runs").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("not configured"));
    }
}
