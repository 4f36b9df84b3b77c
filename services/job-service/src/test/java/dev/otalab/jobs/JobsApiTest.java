package dev.otalab.jobs;

import static dev.otalab.jobs.TestSupport.digest;
import static dev.otalab.jobs.TestSupport.encode;
import static dev.otalab.jobs.TestSupport.putJob;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code /api/v1/jobs}: the stored rows, the image-store look-up, and every refusal (nothing stored). */
@QuarkusTest
@QuarkusTestResource(JobServiceResources.class)
class JobsApiTest {

    static final String PREFIX = TestSupport.boardPrefix("API");

    @AfterAll
    static void cleanUp() {
        Db.deleteBoards(PREFIX);
    }

    @Test
    void putCreatesReplacesListsAndDeletes() {
        String board = PREFIX + "CRUD";
        String first = digest("crud-1");
        StandInImageStore.put(first, board, "1.2.3", 123_456);

        JsonPath created = putJob(board, "{\"imageDigest\":\"" + first.toUpperCase() + "\"}")
                .then().statusCode(201).contentType(ContentType.JSON).extract().jsonPath();
        assertThat(created.getString("board")).isEqualTo(board);
        assertThat(created.getString("imageDigest")).isEqualTo(first);
        assertThat(created.getString("version")).isEqualTo("1.2.3");
        assertThat(created.getLong("imageSize")).isEqualTo(123_456L);
        assertThat(created.getString("broker")).isEmpty();
        assertThat(created.getString("port")).isEmpty();
        assertThat(created.getList("serialNumbers")).isEmpty();

        Map<String, Object> row = Db.query("select * from jobs.job where board = ?", board).get(0);
        assertThat(row).containsEntry("image_digest", first).containsEntry("version", "1.2.3")
                .containsEntry("image_size", 123_456L).containsEntry("broker", "").containsEntry("port", "");

        // Replace: MCUboot's +build is not part of the OTA version; serials are de-duplicated and sorted.
        String second = digest("crud-2");
        StandInImageStore.put(second, board, "2.0.0+7", 4096);
        JsonPath replaced = putJob(board, "{\"imageDigest\":\"" + second + "\",\"broker\":\"broker.lab\","
                + "\"port\":\"8884\",\"serialNumbers\":[\"SN-B\",\"SN-A\",\"SN-B\"]}")
                .then().statusCode(200).extract().jsonPath();
        assertThat(replaced.getString("version")).isEqualTo("2.0.0");
        assertThat(replaced.getLong("imageSize")).isEqualTo(4096L);
        assertThat(replaced.getString("broker")).isEqualTo("broker.lab");
        assertThat(replaced.getString("port")).isEqualTo("8884");
        assertThat(replaced.getList("serialNumbers", String.class)).containsExactly("SN-A", "SN-B");
        assertThat(replaced.getString("createdAt")).isEqualTo(created.getString("createdAt"));
        assertThat(replaced.getString("revision")).isNotEqualTo(created.getString("revision"));
        assertThat(Db.query("select serial_number from jobs.job_target where board = ? order by 1", board))
                .extracting(r -> r.get("serial_number")).containsExactly("SN-A", "SN-B");

        JsonPath fetched = given().get("/api/v1/jobs/" + board).then().statusCode(200).extract().jsonPath();
        assertThat(fetched.getString("imageDigest")).isEqualTo(second);
        assertThat(fetched.getString("revision")).isEqualTo(replaced.getString("revision"));
        List<String> boards = given().get("/api/v1/jobs").then().statusCode(200).extract().jsonPath()
                .getList("board", String.class);
        assertThat(boards).contains(board);

        // Replacing with no serials clears the targets.
        putJob(board, "{\"imageDigest\":\"" + second + "\"}").then().statusCode(200);
        assertThat(Db.count("select count(*) from jobs.job_target where board = ?", board)).isZero();

        given().delete("/api/v1/jobs/" + board).then().statusCode(204);
        assertThat(Db.count("select count(*) from jobs.job where board = ?", board)).isZero();
        problem(given().get("/api/v1/jobs/" + board), 404, "unknown-job");
        problem(given().delete("/api/v1/jobs/" + board), 404, "unknown-job");
    }

    @Test
    void refusalsAreProblemJsonAndStoreNothing() {
        String board = PREFIX + "KEEP";
        String good = digest("keep");
        StandInImageStore.put(good, board, "1.0.0", 1000);
        String revision = putJob(board, "{\"imageDigest\":\"" + good + "\"}").then().statusCode(201)
                .extract().jsonPath().getString("revision");
        Map<String, Object> before = Db.query("select * from jobs.job where board = ?", board).get(0);

        String unknown = digest("unknown");
        problem(putJob(board, "{\"imageDigest\":\"" + unknown + "\"}"), 422, "unknown-image")
                .contains(unknown);

        String otherBoard = digest("other-board");
        StandInImageStore.put(otherBoard, PREFIX + "OTHER", "1.0.0", 10);
        problem(putJob(board, "{\"imageDigest\":\"" + otherBoard + "\"}"), 422, "image-board-mismatch")
                .contains(PREFIX + "OTHER");

        String tooBig = digest("u16");
        StandInImageStore.put(tooBig, board, "70000.0.0", 10);
        problem(putJob(board, "{\"imageDigest\":\"" + tooBig + "\"}"), 400, "invalid-job").contains("65535");

        String tooLong = digest("len");
        StandInImageStore.put(tooLong, board, "10000.10000.10000", 10);
        problem(putJob(board, "{\"imageDigest\":\"" + tooLong + "\"}"), 400, "invalid-job").contains("Version");

        String notAbc = digest("abc");
        StandInImageStore.put(notAbc, board, "1.x", 10);
        problem(putJob(board, "{\"imageDigest\":\"" + notAbc + "\"}"), 502, "image-store-error");

        String broken = digest("broken");
        StandInImageStore.putJson(broken, "{\"digest\":");
        problem(putJob(board, "{\"imageDigest\":\"" + broken + "\"}"), 502, "image-store-error");

        String failing = digest("500");
        StandInImageStore.failWith(failing, 500);
        problem(putJob(board, "{\"imageDigest\":\"" + failing + "\"}"), 502, "image-store-error").contains("500");

        problem(putJob(board, "{\"imageDigest\":"), 400, "bad-request").contains("malformed JSON");
        problem(putJob(board, "[1,2]"), 400, "bad-request");
        problem(putJob(board, "null"), 400, "bad-request");
        problem(putJob(board, "{\"imageDigest\":\"" + good + "\",\"brokr\":\"x\"}"), 400, "bad-request")
                .contains("brokr");
        problem(putJob(board, "{\"imageDigest\":42}"), 400, "bad-request");
        problem(putJob(board, "{\"imageDigest\":{}}"), 400, "bad-request").contains("imageDigest");
        problem(putJob(board, "{}"), 400, "bad-request").contains("imageDigest");
        problem(putJob(board, "{\"imageDigest\":\"xyz\"}"), 400, "bad-request").contains("hex");
        problem(putJob(board, "{\"imageDigest\":\"" + good + "\",\"port\":\"abc\"}"), 400, "invalid-job")
                .contains("Port");
        problem(putJob(board, "{\"imageDigest\":\"" + good + "\",\"port\":\"70000\"}"), 400, "invalid-job");
        problem(putJob(board, "{\"imageDigest\":\"" + good + "\",\"broker\":\"10.0.0.1\"}"), 400, "invalid-job")
                .contains("port 0");
        problem(putJob(board, "{\"imageDigest\":\"" + good + "\",\"broker\":\"a\\\"b\",\"port\":\"8884\"}"), 400,
                "invalid-job");
        problem(putJob(board, "{\"imageDigest\":\"" + good + "\",\"serialNumbers\":[\"A\",null]}"), 400,
                "bad-request");
        problem(putJob(board, "{\"imageDigest\":\"" + good + "\",\"serialNumbers\":\"A\"}"), 400, "bad-request");
        problem(given().contentType(ContentType.TEXT).body("imageDigest=" + good).put("/api/v1/jobs/" + board),
                415, "unsupported-media-type");

        // Boards no device could have.
        String longBoard = "B".repeat(48);
        problem(putJob(longBoard, "{\"imageDigest\":\"" + good + "\"}"), 400, "invalid-board").contains("47");
        problem(putJob("APP+X", "{\"imageDigest\":\"" + good + "\"}"), 400, "invalid-board").contains("+");
        problem(putJob("APP#X", "{\"imageDigest\":\"" + good + "\"}"), 400, "invalid-board");
        problem(putJob("APP\"X", "{\"imageDigest\":\"" + good + "\"}"), 400, "invalid-board");
        problem(putJob("APP_\u00c4", "{\"imageDigest\":\"" + good + "\"}"), 400, "invalid-board");
        problem(given().contentType(ContentType.JSON).body("{\"imageDigest\":\"" + good + "\"}").urlEncodingEnabled(false)
                .put("/api/v1/jobs/APP%2FX"), 400, "invalid-board");
        for (String b : List.of(longBoard, "APP+X", "APP#X", "APP\"X", "APP_\u00c4", "APP/X")) {
            assertThat(Db.count("select count(*) from jobs.job where board = ?", b)).as(b).isZero();
        }

        // The stored job is untouched by all of that.
        Map<String, Object> after = Db.query("select * from jobs.job where board = ?", board).get(0);
        assertThat(after).isEqualTo(before);
        assertThat(given().get("/api/v1/jobs/" + board).then().statusCode(200).extract().jsonPath()
                .getString("revision")).isEqualTo(revision);
        assertThat(Db.count("select count(*) from jobs.job where board like ?", PREFIX.replace("_", "\\_") + "%"))
                .isEqualTo(1);
    }

    @Test
    void concurrentFirstPutsOfABoardAllSucceed() throws Exception {
        String board = PREFIX + "RACE";
        String d = digest("race");
        StandInImageStore.put(d, board, "1.0.0", 1);
        int n = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                statuses.add(pool.submit(() -> {
                    go.await();
                    return putJob(board, "{\"imageDigest\":\"" + d + "\"}").statusCode();
                }));
            }
            go.countDown();
            List<Integer> codes = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Integer> f : statuses) {
                codes.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(codes).as("one creates, the others replace").containsOnly(200, 201);
            assertThat(codes).filteredOn(c -> c == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Db.count("select count(*) from jobs.job where board = ?", board)).isEqualTo(1);
    }

    @Test
    void frameworkErrorsAreProblemJson() {
        problem(given().get("/api/v1/nothing-here"), 404, "not-found");
        problem(given().post("/api/v1/jobs/" + PREFIX + "X"), 405, "method-not-allowed");
        problem(given().get("/api/v1/devices?limit=0"), 400, "bad-request").contains("limit");
        problem(given().get("/api/v1/devices/" + encode(PREFIX + "NONE:SN")), 404, "unknown-device");
        problem(given().get("/api/v1/ota-sessions/" + encode(TestSupport.PREPEND + "/" + PREFIX + "X/OTAImage/1")),
                404, "unknown-session");
    }

    @Test
    void openApiHealthAndMetricsAreServed() {
        String openapi = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        assertThat(openapi).contains("/api/v1/jobs/{board}", "/api/v1/ota-sessions/{uniqueTopic}",
                "/api/v1/devices/{key}", "\"Problem\"");
        TestSupport.awaitReady();
        String ready = given().get("/q/health/ready").then().statusCode(200).extract().asString();
        assertThat(ready).contains("mqtt-answer-publisher", "device-requests");
        given().get("/q/metrics").then().statusCode(200);
    }

    /** Asserts a problem response and returns an assertion on its detail. */
    static org.assertj.core.api.AbstractStringAssert<?> problem(Response response, int status, String type) {
        response.then().statusCode(status).contentType("application/problem+json");
        JsonPath json = response.jsonPath();
        assertThat(json.getString("type")).isEqualTo("https://otalab.dev/problems/" + type);
        assertThat(json.getInt("status")).isEqualTo(status);
        assertThat(json.getString("title")).isNotBlank();
        assertThat(json.getString("detail")).isNotBlank();
        return assertThat(json.getString("detail"));
    }
}
