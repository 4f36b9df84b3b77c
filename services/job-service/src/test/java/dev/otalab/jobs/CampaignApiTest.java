package dev.otalab.jobs;

import static dev.otalab.jobs.JobsApiTest.problem;
import static dev.otalab.jobs.TestSupport.digest;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.ota.OtaVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every campaign endpoint over REST: shapes, idempotency, bad input, state conflicts (409). */
@QuarkusTest
@QuarkusTestResource(JobServiceResources.class)
class CampaignApiTest {

    static final String PREFIX = TestSupport.boardPrefix("CAPI");
    static final String BOARD = PREFIX + "B";
    static final String EMPTY_BOARD = PREFIX + "EMPTY";
    static String digest;
    static String emptyDigest;
    static Vertx vertx;

    @BeforeEach
    void setUp() {
        if (vertx != null) {
            return;
        }
        TestSupport.awaitReady();
        vertx = Vertx.vertx();
        digest = digest("capi");
        StandInImageStore.put(digest, BOARD, "1.1.0+7", 1234);
        emptyDigest = digest("capi-empty");
        StandInImageStore.put(emptyDigest, EMPTY_BOARD, "1.1.0", 1234);
        new FleetDevice(vertx, BOARD, "SN-A", OtaVersion.of(1, 0, 0)).check();
    }

    @AfterAll
    static void tearDown() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        Db.deleteBoards(PREFIX);
    }

    static String body(String board, String digest, String rest) {
        return "{\"board\":\"" + board + "\",\"imageDigest\":\"" + digest + "\"" + rest + "}";
    }

    static String valid() {
        return body(BOARD, digest, ",\"targets\":{\"all\":true},\"waves\":[{\"size\":1}]");
    }

    @Test
    void createReturnsTheCampaignAndTheSameKeyReturnsItAgain() {
        String key = "demo-" + UUID.randomUUID();
        String request = body(BOARD, digest, ",\"name\":\"nightly\",\"targets\":{\"serialNumbers\":[\"SN-B\",\"SN-A\","
                + "\"SN-A\"]},\"waves\":[{\"size\":1},{\"percent\":50}],\"successThreshold\":80,"
                + "\"abort\":{\"failureTypes\":[\"REVERTED\",\"FAILED\"],\"percent\":25,\"minExecuted\":4},"
                + "\"executionTimeoutSeconds\":900,\"maxAttempts\":3,\"confirmRequired\":false");
        Response created = Campaigns.post(key, request);
        created.then().statusCode(201).header("Location", org.hamcrest.Matchers.endsWith(
                "/api/v1/campaigns/" + created.jsonPath().getString("id")));
        JsonPath c = created.jsonPath();
        assertThat(c.getString("state")).isEqualTo("CREATED");
        assertThat(c.getString("name")).isEqualTo("nightly");
        assertThat(c.getString("board")).isEqualTo(BOARD);
        assertThat(c.getString("imageDigest")).isEqualTo(digest);
        assertThat(c.getString("version")).isEqualTo("1.1.0");
        assertThat(c.getLong("imageSize")).isEqualTo(1234);
        assertThat(c.getList("targets.serialNumbers")).containsExactly("SN-A", "SN-B");
        assertThat(c.getList("waveSpec")).hasSize(2);
        assertThat(c.getInt("successThreshold")).isEqualTo(80);
        assertThat(c.getList("abort.failureTypes")).containsExactlyInAnyOrder("FAILED", "REVERTED");
        assertThat(c.getInt("abort.percent")).isEqualTo(25);
        assertThat(c.getInt("abort.minExecuted")).isEqualTo(4);
        assertThat(c.getLong("executionTimeoutSeconds")).isEqualTo(900);
        assertThat(c.getInt("maxAttempts")).isEqualTo(3);
        assertThat(c.getBoolean("confirmRequired")).isFalse();
        assertThat(c.getInt("currentWave")).isZero();
        assertThat(c.getInt("devices")).isZero();
        assertThat(c.getString("idempotencyKey")).isEqualTo(key);

        // Same key, same body (serials in another order: the same request) → the same campaign, 200.
        Response again = Campaigns.post(key, request.replace("[\"SN-B\",\"SN-A\",\"SN-A\"]", "[\"SN-A\",\"SN-B\"]"));
        again.then().statusCode(200);
        assertThat(again.jsonPath().getString("id")).isEqualTo(c.getString("id"));
        // Same key, another body → refused; nothing new stored.
        problem(Campaigns.post(key, request.replace("\"maxAttempts\":3", "\"maxAttempts\":2")), 422,
                "idempotency-key-reused").contains(c.getString("id"));
        assertThat(Db.count("select count(*) from jobs.campaign where idempotency_key = ?", key)).isEqualTo(1);

        given().get("/api/v1/campaigns/" + c.getString("id")).then().statusCode(200);
        assertThat(given().get("/api/v1/campaigns?board=" + BOARD).then().statusCode(200).extract().jsonPath()
                .getList("id")).contains(c.getString("id"));
        assertThat(given().get("/api/v1/campaigns/" + c.getString("id") + "/executions").then().statusCode(200)
                .extract().jsonPath().getList("")).isEmpty();

        // Started: listed serials become executions whether or not they have checked in.
        JsonPath started = Campaigns.action(c.getString("id"), "start", 200);
        assertThat(started.getInt("devices")).isEqualTo(2);
        assertThat(started.getInt("waveCount")).isEqualTo(2);
        assertThat(started.getList("waves.devices")).containsExactly(1, 1);
        assertThat(started.getList("waves.released")).containsExactly(true, false);
        assertThat(started.getLong("counts.QUEUED")).isEqualTo(2);
        List<String> keys = given().get("/api/v1/campaigns/" + c.getString("id") + "/executions?state=queued")
                .then().statusCode(200).extract().jsonPath().getList("deviceKey");
        assertThat(keys).containsExactlyInAnyOrder(BOARD + ":SN-A", BOARD + ":SN-B");
        Campaigns.action(c.getString("id"), "cancel", 200);
    }

    @Test
    void badInputIsRefusedAndNothingIsStored() {
        long before = Db.count("select count(*) from jobs.campaign where board like ?", PREFIX + "%");
        problem(Campaigns.post(null, valid()), 400, "bad-request").contains("Idempotency-Key");
        problem(Campaigns.post(" ", valid()), 400, "bad-request").contains("Idempotency-Key");
        problem(Campaigns.post("x".repeat(201), valid()), 400, "bad-request");
        String k = UUID.randomUUID().toString();
        problem(Campaigns.post(k, "{"), 400, "bad-request").contains("malformed");
        problem(Campaigns.post(k, "[]"), 400, "bad-request");
        problem(Campaigns.post(k, ""), 400, "bad-request");
        problem(Campaigns.post(k, valid().replace("\"targets\"", "\"target\"")), 400, "bad-request").contains("target");
        problem(Campaigns.post(k, valid().replace("\"board\":\"" + BOARD + "\",", "")), 400, "bad-request")
                .contains("board");
        problem(Campaigns.post(k, valid().replace(BOARD, "no/slash")), 400, "invalid-board");
        problem(Campaigns.post(k, valid().replace(digest, "xyz")), 400, "bad-request").contains("imageDigest");
        problem(Campaigns.post(k, body(BOARD, digest, ",\"waves\":[{\"size\":1}]")), 400, "bad-request")
                .contains("targets");
        problem(Campaigns.post(k, body(BOARD, digest, ",\"targets\":{\"all\":true,\"percent\":5},\"waves\":[{\"size\":1}]")),
                400, "bad-request").contains("exactly one");
        problem(Campaigns.post(k, body(BOARD, digest, ",\"targets\":{\"all\":false},\"waves\":[{\"size\":1}]")),
                400, "bad-request");
        for (String pct : List.of("0", "101", "-5")) {
            problem(Campaigns.post(k, body(BOARD, digest, ",\"targets\":{\"percent\":" + pct + "},\"waves\":[{\"size\":1}]")),
                    400, "bad-request").contains("targets.percent");
            problem(Campaigns.post(k, body(BOARD, digest, ",\"targets\":{\"all\":true},\"waves\":[{\"percent\":" + pct + "}]")),
                    400, "bad-request").contains("waves[0].percent");
        }
        problem(Campaigns.post(k, body(BOARD, digest, ",\"targets\":{\"serialNumbers\":[]},\"waves\":[{\"size\":1}]")),
                400, "bad-request").contains("serialNumbers");
        problem(Campaigns.post(k, body(BOARD, digest, ",\"targets\":{\"all\":true},\"waves\":[]")), 400, "bad-request")
                .contains("waves");
        problem(Campaigns.post(k, body(BOARD, digest, ",\"targets\":{\"all\":true}")), 400, "bad-request")
                .contains("waves");
        problem(Campaigns.post(k, body(BOARD, digest, ",\"targets\":{\"all\":true},\"waves\":[{}]")), 400,
                "bad-request").contains("waves[0]");
        problem(Campaigns.post(k, body(BOARD, digest, ",\"targets\":{\"all\":true},\"waves\":[{\"size\":0}]")), 400,
                "bad-request").contains("waves[0].size");
        problem(Campaigns.post(k, body(BOARD, digest,
                ",\"targets\":{\"all\":true},\"waves\":[{\"percent\":60},{\"percent\":50}]")), 400, "bad-request")
                .contains("110");
        problem(Campaigns.post(k, valid().replace("}]", "}],\"successThreshold\":101")), 400, "bad-request")
                .contains("successThreshold");
        problem(Campaigns.post(k, valid().replace("}]", "}],\"abort\":{\"failureTypes\":[\"CANCELED\"],\"percent\":5}")),
                400, "bad-request").contains("CANCELED");
        problem(Campaigns.post(k, valid().replace("}]", "}],\"abort\":{\"failureTypes\":[\"FAILED\"]}")),
                400, "bad-request").contains("abort.percent");
        problem(Campaigns.post(k, valid().replace("}]", "}],\"executionTimeoutSeconds\":0")), 400, "bad-request")
                .contains("executionTimeoutSeconds");
        problem(Campaigns.post(k, valid().replace("}]", "}],\"maxAttempts\":0")), 400, "bad-request")
                .contains("maxAttempts");
        problem(Campaigns.post(k, valid().replace("}]", "}],\"maxAttempts\":\"two\"")), 400, "bad-request")
                .contains("maxAttempts");
        // Unknown image, image of another board.
        problem(Campaigns.post(k, valid().replace(digest, digest("nothing"))), 422, "unknown-image");
        problem(Campaigns.post(k, body(BOARD, emptyDigest, ",\"targets\":{\"all\":true},\"waves\":[{\"size\":1}]")),
                422, "image-board-mismatch").contains(EMPTY_BOARD);
        assertThat(Db.count("select count(*) from jobs.campaign where board like ?", PREFIX + "%")).isEqualTo(before);
        // The key of a refused request is still free.
        Campaigns.post(k, valid()).then().statusCode(201);
        Campaigns.action(Campaigns.post(k, valid()).then().statusCode(200).extract().jsonPath().getString("id"),
                "cancel", 200);
    }

    @Test
    void transitionsThatDoNotApplyAre409() {
        String id = Campaigns.create(valid());
        problem(given().post("/api/v1/campaigns/" + id + "/pause"), 409, "campaign-state-conflict").contains("CREATED");
        problem(given().post("/api/v1/campaigns/" + id + "/resume"), 409, "campaign-state-conflict");
        Campaigns.action(id, "start", 200);
        problem(given().post("/api/v1/campaigns/" + id + "/start"), 409, "campaign-state-conflict").contains("RUNNING");
        problem(given().post("/api/v1/campaigns/" + id + "/resume"), 409, "campaign-state-conflict");
        // One campaign per board at a time.
        String second = Campaigns.create(valid());
        problem(given().post("/api/v1/campaigns/" + second + "/start"), 409, "board-busy").contains(id);
        Campaigns.action(id, "pause", 200);
        problem(given().post("/api/v1/campaigns/" + id + "/pause"), 409, "campaign-state-conflict");
        problem(given().post("/api/v1/campaigns/" + second + "/start"), 409, "board-busy");
        Campaigns.action(id, "resume", 200);
        assertThat(Campaigns.action(id, "cancel", 200).getString("state")).isEqualTo("CANCELED");
        for (String action : List.of("start", "pause", "resume", "cancel")) {
            problem(given().post("/api/v1/campaigns/" + id + "/" + action), 409, "campaign-state-conflict");
        }
        assertThat(Campaigns.action(second, "start", 200).getString("state")).isEqualTo("RUNNING");
        Campaigns.action(second, "cancel", 200);
        // A created campaign can be canceled too.
        assertThat(Campaigns.action(Campaigns.create(valid()), "cancel", 200).getString("state"))
                .isEqualTo("CANCELED");
    }

    @Test
    void startWithoutDevicesIs409AndUnknownIdsAre404() {
        String id = Campaigns.create(body(EMPTY_BOARD, emptyDigest,
                ",\"targets\":{\"percent\":50},\"waves\":[{\"percent\":100}]"));
        problem(given().post("/api/v1/campaigns/" + id + "/start"), 409, "no-devices").contains("checked in");
        assertThat(Campaigns.get(id).getString("state")).isEqualTo("CREATED");
        String unknown = UUID.randomUUID().toString();
        problem(given().get("/api/v1/campaigns/" + unknown), 404, "unknown-campaign");
        problem(given().get("/api/v1/campaigns/" + unknown + "/executions"), 404, "unknown-campaign");
        problem(given().post("/api/v1/campaigns/" + unknown + "/start"), 404, "unknown-campaign");
        problem(given().get("/api/v1/campaigns/not-a-uuid"), 404, "unknown-campaign");
        problem(given().get("/api/v1/campaigns/" + id + "/executions?state=DONE"), 400, "bad-request");
        problem(given().get("/api/v1/campaigns?limit=0"), 400, "bad-request");
        problem(given().urlEncodingEnabled(false)
                .delete("/api/v1/devices/" + TestSupport.encode(BOARD + ":SN-A") + "/blocked-versions/1.1.0"), 404,
                "unknown-blocked-version");
    }
}
