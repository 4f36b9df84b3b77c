package dev.otalab.jobs;

import static dev.otalab.jobs.TestSupport.digest;
import static dev.otalab.jobs.TestSupport.putJob;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.ota.OtaVersion;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Campaigns end to end: simulated devices over MQTT (real Mosquitto), image-store's session lookups
 * over REST, rows in PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(JobServiceResources.class)
class CampaignFlowTest {

    static final String PREFIX = TestSupport.boardPrefix("CFLOW");
    static final OtaVersion OLD = OtaVersion.of(1, 0, 0);
    static final OtaVersion NEW = OtaVersion.of(1, 1, 0);

    static Vertx vertx;

    @BeforeEach
    void setUp() {
        if (vertx == null) {
            TestSupport.awaitReady();
            vertx = Vertx.vertx();
        }
    }

    @AfterAll
    static void tearDown() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        Db.deleteBoards(PREFIX);
    }

    /** {@code n} devices of {@code board} at {@code version}, each checked in once (known to job-service). */
    static Map<String, FleetDevice> fleet(String board, int n, OtaVersion version) {
        Map<String, FleetDevice> fleet = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            FleetDevice d = new FleetDevice(vertx, board, String.format("SN-%02d", i), version);
            assertThat(d.check()).as("no job, no campaign yet").isNull();
            fleet.put(d.key(), d);
        }
        return fleet;
    }

    static String image(String board, String version) {
        String d = digest(board + version);
        StandInImageStore.put(d, board, version, 4096);
        return d;
    }

    /** Offer taken, downloaded, booted, and (with confirmation) confirmed at the next check. */
    static void update(FleetDevice d, String campaign, OtaVersion target) {
        assertThat(d.check()).as("%s offered", d.key()).isEqualTo(target);
        assertThat(Campaigns.state(campaign, d.key())).isEqualTo("OFFERED");
        d.startDownload();
        assertThat(Campaigns.state(campaign, d.key())).isEqualTo("DOWNLOADING");
        d.report(true);
        Campaigns.awaitState(campaign, d.key(), "DOWNLOADED");
        d.running = target;
        assertThat(d.check()).isNull();
        assertThat(Campaigns.state(campaign, d.key())).isEqualTo("INSTALLED");
    }

    @Test
    void twoWavesAllSucceed() {
        String board = PREFIX + "OK";
        Map<String, FleetDevice> fleet = fleet(board, 10, OLD);
        String digest = image(board, "1.1.0");
        String id = Campaigns.create("{\"board\":\"" + board + "\",\"imageDigest\":\"" + digest + "\","
                + "\"targets\":{\"all\":true},\"waves\":[{\"size\":3},{\"percent\":70}],\"successThreshold\":100,"
                + "\"abort\":{\"failureTypes\":[\"FAILED\",\"REVERTED\"],\"percent\":30,\"minExecuted\":3},"
                + "\"executionTimeoutSeconds\":600,\"maxAttempts\":1,\"confirmRequired\":true}");
        JsonPath started = Campaigns.action(id, "start", 200);
        assertThat(started.getString("state")).isEqualTo("RUNNING");
        assertThat(started.getInt("waveCount")).isEqualTo(2);
        assertThat(started.getInt("currentWave")).isEqualTo(1);
        assertThat(started.getInt("devices")).isEqualTo(10);
        assertThat(started.getInt("waves[0].devices")).isEqualTo(3);
        assertThat(started.getInt("waves[1].devices")).isEqualTo(7);
        List<String> first = Campaigns.wave(id, 1);
        List<String> second = Campaigns.wave(id, 2);

        // Wave 2 waits: no offer, not even from a board job with the same image.
        putJob(board, "{\"imageDigest\":\"" + digest + "\"}").then().statusCode(201);
        FleetDevice waiting = fleet.get(second.get(0));
        assertThat(waiting.check()).isNull();
        assertThat(Db.query("select decision from jobs.device_report where unique_topic = ?", waiting.lastTopic))
                .singleElement().satisfies(r -> assertThat(r.get("decision")).isEqualTo("CAMPAIGN_HOLD"));

        for (String key : first) {
            update(fleet.get(key), id, NEW);
        }
        assertThat(Campaigns.get(id).getInt("currentWave")).as("wave 2 waits for confirmations").isEqualTo(1);
        for (String key : first) {
            assertThat(fleet.get(key).check()).isNull();
            assertThat(Campaigns.state(id, key)).isEqualTo("SUCCEEDED");
        }
        assertThat(Campaigns.get(id).getInt("currentWave")).isEqualTo(2);
        for (String key : second) {
            update(fleet.get(key), id, NEW);
            assertThat(fleet.get(key).check()).isNull();
        }
        JsonPath done = Campaigns.get(id);
        assertThat(done.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(done.getLong("counts.SUCCEEDED")).isEqualTo(10);
        assertThat(done.getString("finishedAt")).isNotNull();
        Map<String, Object> e = Campaigns.execution(id, first.get(0));
        assertThat(e).containsEntry("attempts", 1).containsEntry("fromVersion", "1.0.0")
                .containsEntry("lastVersion", "1.1.0").containsEntry("versionsSeen", List.of("1.0.0", "1.1.0"));
        assertThat(e.get("targetSeenAt")).isNotNull();
        assertThat(e.get("finishedAt")).isNotNull();
        assertThat(TestSupport.metric("otalab_campaign_executions_ended_total", "state=\"succeeded\""))
                .isGreaterThanOrEqualTo(10);
        assertThat(TestSupport.metric("otalab_campaigns_ended_total", "state=\"succeeded\"")).isGreaterThanOrEqualTo(1);
        // After the campaign the board's job decides again: the devices run its version already.
        assertThat(fleet.get(first.get(0)).check()).isNull();
    }

    @Test
    void devicesSharingAUniqueTopicEachHaveTheirOwnDownloadAttributed() {
        String board = PREFIX + "SHARED";
        List<FleetDevice> devices = new ArrayList<>(fleet(board, 2, OLD).values());
        FleetDevice a = devices.get(0);
        FleetDevice b = devices.get(1);
        String digest = image(board, "1.1.0");
        String id = Campaigns.create("{\"board\":\"" + board + "\",\"imageDigest\":\"" + digest + "\","
                + "\"targets\":{\"all\":true},\"waves\":[{\"percent\":100}],\"successThreshold\":100,"
                + "\"executionTimeoutSeconds\":600,\"maxAttempts\":1,\"confirmRequired\":false}");
        Campaigns.action(id, "start", 200);

        // Stock agents number their unique topic by an uptime tick: both check in on the same one.
        String shared = a.topics.uniqueTopic(TestSupport.nextSuffix());
        assertThat(a.check(shared)).isEqualTo(NEW);
        assertThat(b.check(shared)).isEqualTo(NEW);

        // b's offer is the topic's newest, yet a's Request Update resolves (and starts) a's own.
        assertThat(a.startDownload().getString("serialNumber")).isEqualTo(a.serial);
        assertThat(Campaigns.state(id, a.key())).isEqualTo("DOWNLOADING");
        assertThat(Campaigns.state(id, b.key())).isEqualTo("OFFERED");

        // A device with no offer on the topic is served the newest one, which stays unattributed.
        JsonPath stranger = given().urlEncodingEnabled(false).queryParam("serialNumber", "SN-STRANGER")
                .get("/api/v1/ota-sessions/" + TestSupport.encode(shared)).then().statusCode(200).extract().jsonPath();
        assertThat(stranger.getString("serialNumber")).isEqualTo(b.serial);
        assertThat(stranger.getString("imageDigest")).isEqualTo(digest);
        assertThat(Campaigns.state(id, b.key())).isEqualTo("OFFERED");
        assertThat(Db.query("select serial_number from jobs.ota_session where unique_topic = ? and resolved_at is null",
                shared)).singleElement().satisfies(r -> assertThat(r.get("serial_number")).isEqualTo(b.serial));

        assertThat(b.startDownload().getString("serialNumber")).isEqualTo(b.serial);
        assertThat(Campaigns.state(id, b.key())).isEqualTo("DOWNLOADING");
        assertThat(Campaigns.state(id, a.key())).isEqualTo("DOWNLOADING");
        assertThat(Db.count("select count(*) from jobs.ota_session where unique_topic = ? and resolved_at is not null",
                shared)).isEqualTo(2);
    }

    @Test
    void revertsAbortTheCampaignAndTheVersionIsNeverOfferedAgain() {
        String board = PREFIX + "BAD";
        Map<String, FleetDevice> fleet = fleet(board, 10, OLD);
        String bad = image(board, "1.2.0");
        String id = Campaigns.create("{\"board\":\"" + board + "\",\"imageDigest\":\"" + bad + "\","
                + "\"targets\":{\"all\":true},\"waves\":[{\"size\":4},{\"percent\":60}],\"successThreshold\":75,"
                + "\"abort\":{\"failureTypes\":[\"REVERTED\"],\"percent\":50,\"minExecuted\":2}}");
        Campaigns.action(id, "start", 200);
        List<String> first = Campaigns.wave(id, 1);
        OtaVersion badVersion = OtaVersion.of(1, 2, 0);
        List<FleetDevice> reverted = new ArrayList<>();
        for (String key : first.subList(0, 2)) {
            FleetDevice d = fleet.get(key);
            update(d, id, badVersion);
            d.running = OLD; // the image never confirmed itself: MCUboot swapped back
            assertThat(d.check()).isNull();
            assertThat(Campaigns.state(id, key)).isEqualTo("REVERTED");
            reverted.add(d);
        }
        JsonPath aborted = Campaigns.get(id);
        assertThat(aborted.getString("state")).isEqualTo("ABORTED");
        assertThat(aborted.getString("reason")).contains("abort criteria", "2 of 2");
        // The queued rest is canceled (right after the aborting transaction commits).
        TestSupport.eventually(java.time.Duration.ofSeconds(10),
                () -> Campaigns.get(id).getLong("counts.QUEUED") == 0, "queued executions canceled");
        assertThat(Campaigns.get(id).getLong("counts.CANCELED")).isEqualTo(8);
        assertThat(Campaigns.get(id).getLong("counts.REVERTED")).isEqualTo(2);

        // A board job with the bad image: offered to the others, never to the devices that reverted from it.
        putJob(board, "{\"imageDigest\":\"" + bad + "\"}").then().statusCode(201);
        for (FleetDevice d : reverted) {
            assertThat(d.check()).isNull();
            assertThat(Db.query("select decision, reason from jobs.device_report where unique_topic = ?", d.lastTopic))
                    .singleElement().satisfies(r -> {
                        assertThat(r.get("decision")).isEqualTo("VETOED");
                        assertThat((String) r.get("reason")).contains("1.2.0 is blocked");
                    });
            JsonPath device = given().urlEncodingEnabled(false).get("/api/v1/devices/" + TestSupport.encode(d.key()))
                    .then().statusCode(200).extract().jsonPath();
            assertThat(device.getList("blockedVersions.version")).containsExactly("1.2.0");
            assertThat(device.getString("blockedVersions[0].campaignId")).isEqualTo(id);
            assertThat(device.getString("blockedVersions[0].revertedTo")).isEqualTo("1.0.0");
        }
        FleetDevice other = fleet.get(first.get(2));
        assertThat(other.check()).isEqualTo(badVersion);
        // A new campaign with the same image skips them as well (CANCELED: blocked), and offers the others.
        String again = Campaigns.create("{\"board\":\"" + board + "\",\"imageDigest\":\"" + bad + "\","
                + "\"targets\":{\"serialNumbers\":[\"" + reverted.get(0).serial + "\",\"" + other.serial + "\"]},"
                + "\"waves\":[{\"percent\":100}],\"successThreshold\":0}");
        Campaigns.action(again, "start", 200);
        assertThat(reverted.get(0).check()).isNull();
        assertThat(Campaigns.execution(again, reverted.get(0).key()))
                .containsEntry("state", "CANCELED").containsEntry("attempts", 0);
        assertThat((String) Campaigns.execution(again, reverted.get(0).key()).get("reason")).contains("blocked");
        Campaigns.action(again, "cancel", 200);

        // An operator clears the block: the version may be offered again.
        FleetDevice cleared = reverted.get(1);
        String path = "/api/v1/devices/" + TestSupport.encode(cleared.key()) + "/blocked-versions/1.2.0";
        given().urlEncodingEnabled(false).delete(path).then().statusCode(204);
        JobsApiTest.problem(given().urlEncodingEnabled(false).delete(path), 404, "unknown-blocked-version");
        putJob(board, "{\"imageDigest\":\"" + bad + "\"}").then().statusCode(200);
        assertThat(cleared.check()).isEqualTo(badVersion);
    }

    @Test
    void boardJobRevertIsBlockedToo() {
        String board = PREFIX + "JOB";
        FleetDevice d = fleet(board, 1, OLD).values().iterator().next();
        putJob(board, "{\"imageDigest\":\"" + image(board, "2.0.0") + "\"}").then().statusCode(201);
        assertThat(d.check()).isEqualTo(OtaVersion.of(2, 0, 0));
        d.startDownload();
        assertThat(d.check()).as("back on 1.0.0 after downloading 2.0.0: blocked").isNull();
        assertThat(Db.query("select version, campaign_id, reverted_to from jobs.revert_block where device_key = ?",
                d.key())).singleElement().satisfies(r -> {
                    assertThat(r.get("version")).isEqualTo("2.0.0");
                    assertThat(r.get("campaign_id")).isNull();
                    assertThat(r.get("reverted_to")).isEqualTo("1.0.0");
                });
        assertThat(Db.query("select decision from jobs.device_report where unique_topic = ?", d.lastTopic))
                .singleElement().satisfies(r -> assertThat(r.get("decision")).isEqualTo("VETOED"));
    }

    @Test
    void timeoutsAreRetriedThenTimedOutAndLateReportsChangeNothing() {
        String board = PREFIX + "SLOW";
        FleetDevice d = fleet(board, 1, OLD).values().iterator().next();
        String id = Campaigns.create("{\"board\":\"" + board + "\",\"imageDigest\":\"" + image(board, "1.1.0")
                + "\",\"targets\":{\"all\":true},\"waves\":[{\"percent\":100}],\"executionTimeoutSeconds\":1,"
                + "\"maxAttempts\":2,\"confirmRequired\":false}");
        Campaigns.action(id, "start", 200);
        assertThat(d.check()).isEqualTo(NEW);
        String firstTopic = d.lastTopic;
        d.startDownload();
        // Attempt 1 times out: queued again for a second attempt.
        Campaigns.awaitState(id, d.key(), "QUEUED");
        assertThat(Campaigns.execution(id, d.key())).containsEntry("attempts", 1);
        assertThat((String) Campaigns.execution(id, d.key()).get("reason")).contains("attempt 1 TIMED_OUT");
        assertThat(d.check()).isEqualTo(NEW);
        assertThat(Campaigns.execution(id, d.key())).containsEntry("attempts", 2);
        Campaigns.awaitState(id, d.key(), "TIMED_OUT");
        JsonPath c = Campaigns.get(id);
        assertThat(c.getString("state")).isEqualTo("ABORTED");
        assertThat(c.getString("reason")).contains("wave 1", "below the success threshold");

        // Late: a Success for the first offer and a check with the target version.
        d.lastTopic = firstTopic;
        d.report(true);
        d.running = NEW;
        assertThat(d.check()).isNull();
        TestSupport.eventually(java.time.Duration.ofSeconds(10),
                () -> Db.count("select count(*) from jobs.ota_result where unique_topic = ?", firstTopic) == 1,
                "late result recorded");
        Map<String, Object> e = Campaigns.execution(id, d.key());
        assertThat(e).containsEntry("state", "TIMED_OUT").containsEntry("attempts", 2);
        assertThat(Campaigns.get(id).getString("state")).isEqualTo("ABORTED");
    }

    @Test
    void pauseStopsOffersResumeContinuesFailureAndCancel() {
        String board = PREFIX + "PAUSE";
        Map<String, FleetDevice> fleet = fleet(board, 3, OLD);
        List<FleetDevice> devices = new ArrayList<>(fleet.values());
        String id = Campaigns.create("{\"board\":\"" + board + "\",\"imageDigest\":\"" + image(board, "1.1.0")
                + "\",\"targets\":{\"all\":true},\"waves\":[{\"percent\":100}],\"successThreshold\":50}");
        Campaigns.action(id, "start", 200);
        assertThat(Campaigns.action(id, "pause", 200).getString("state")).isEqualTo("PAUSED");
        assertThat(devices.get(0).check()).as("paused: no offers").isNull();
        assertThat(Campaigns.state(id, devices.get(0).key())).isEqualTo("QUEUED");
        assertThat(Campaigns.action(id, "resume", 200).getString("state")).isEqualTo("RUNNING");
        assertThat(devices.get(0).check()).isEqualTo(NEW);

        // A Failure result ends the execution (one attempt).
        FleetDevice failing = devices.get(1);
        assertThat(failing.check()).isEqualTo(NEW);
        failing.startDownload();
        failing.report(false);
        Campaigns.awaitState(id, failing.key(), "FAILED");
        assertThat(Campaigns.get(id).getString("state")).isEqualTo("RUNNING");

        JsonPath canceled = Campaigns.action(id, "cancel", 200);
        assertThat(canceled.getString("state")).isEqualTo("CANCELED");
        assertThat(canceled.getLong("counts.CANCELED")).isEqualTo(2);
        assertThat(canceled.getLong("counts.FAILED")).isEqualTo(1);
        // The offered device installs anyway: its canceled execution stays CANCELED.
        devices.get(0).running = NEW;
        assertThat(devices.get(0).check()).isNull();
        assertThat(Campaigns.state(id, devices.get(0).key())).isEqualTo("CANCELED");
        assertThat(devices.get(2).check()).isNull();
        assertThat(Campaigns.state(id, devices.get(2).key())).isEqualTo("CANCELED");
        JobsApiTest.problem(given().post("/api/v1/campaigns/" + id + "/resume"), 409, "campaign-state-conflict");
    }

    /** A device that started downloading, then its campaign was canceled, then it came back on the old version. */
    @Test
    void revertAfterCancelIsStillBlocked() {
        String board = PREFIX + "CREV";
        FleetDevice d = fleet(board, 1, OLD).values().iterator().next();
        String digest = image(board, "1.1.0");
        String id = Campaigns.create("{\"board\":\"" + board + "\",\"imageDigest\":\"" + digest
                + "\",\"targets\":{\"all\":true},\"waves\":[{\"percent\":100}]}");
        Campaigns.action(id, "start", 200);
        assertThat(d.check()).isEqualTo(NEW);
        d.startDownload();
        Campaigns.action(id, "cancel", 200);
        assertThat(d.check()).isNull();
        assertThat(Campaigns.state(id, d.key())).isEqualTo("CANCELED");
        assertThat(Db.query("select version, campaign_id from jobs.revert_block where device_key = ?", d.key()))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("version")).isEqualTo("1.1.0");
                    assertThat(r.get("campaign_id")).hasToString(id);
                });
        putJob(board, "{\"imageDigest\":\"" + digest + "\"}").then().statusCode(201);
        assertThat(d.check()).as("blocked for the board job too").isNull();
        // Cleared by an operator: the same evidence does not block it again.
        given().urlEncodingEnabled(false).delete("/api/v1/devices/" + TestSupport.encode(d.key())
                + "/blocked-versions/1.1.0").then().statusCode(204);
        assertThat(d.check()).isEqualTo(NEW);
    }

    /** Concurrent last confirmations of a wave release the next wave exactly once (campaign row lock). */
    @Test
    void concurrentEndsOfAWaveReleaseOneWave() throws Exception {
        String board = PREFIX + "RACE";
        Map<String, FleetDevice> fleet = fleet(board, 10, OLD);
        String id = Campaigns.create("{\"board\":\"" + board + "\",\"imageDigest\":\"" + image(board, "1.1.0")
                + "\",\"targets\":{\"all\":true},\"waves\":[{\"size\":8},{\"size\":1},{\"size\":1}]}");
        Campaigns.action(id, "start", 200);
        List<FleetDevice> first = Campaigns.wave(id, 1).stream().map(fleet::get).toList();
        for (FleetDevice d : first) {
            update(d, id, NEW);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(first.size());
        try {
            List<java.util.concurrent.Future<OtaVersion>> confirmations = new ArrayList<>();
            for (FleetDevice d : first) {
                confirmations.add(pool.submit(() -> d.check()));
            }
            for (var f : confirmations) {
                assertThat(f.get()).isNull();
            }
        } finally {
            pool.shutdownNow();
        }
        JsonPath c = Campaigns.get(id);
        assertThat(c.getLong("counts.SUCCEEDED")).isEqualTo(8);
        assertThat(c.getString("state")).isEqualTo("RUNNING");
        assertThat(c.getInt("currentWave")).as("released once").isEqualTo(2);
        FleetDevice third = fleet.get(Campaigns.wave(id, 3).get(0));
        assertThat(third.check()).isNull();
        assertThat(fleet.get(Campaigns.wave(id, 2).get(0)).check()).isEqualTo(NEW);
        Campaigns.action(id, "cancel", 200);
    }
}
