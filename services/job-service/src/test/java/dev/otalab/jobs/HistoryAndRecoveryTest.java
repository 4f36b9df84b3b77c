package dev.otalab.jobs;

import static dev.otalab.jobs.TestSupport.PREPEND;
import static dev.otalab.jobs.TestSupport.digest;
import static dev.otalab.jobs.TestSupport.putJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.jobs.repository.SessionRepository;
import dev.otalab.jobs.service.HistoryCleaner;
import dev.otalab.ota.DeviceIdentity;
import dev.otalab.ota.OtaTopics;
import dev.otalab.ota.OtaVersion;
import dev.otalab.ota.UpdateAvailability;
import dev.otalab.testing.MosquittoBroker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** History clean-up on the real database, and answers again after the broker dropped every client. */
@QuarkusTest
@QuarkusTestResource(JobServiceResources.class)
class HistoryAndRecoveryTest {

    static final String PREFIX = TestSupport.boardPrefix("HIST");

    @Inject
    HistoryCleaner cleaner;

    @AfterAll
    static void tearDown() {
        Db.deleteBoards(PREFIX);
    }

    @Test
    void historyOlderThanTheRetentionIsDeletedAndDevicesKept() {
        String board = PREFIX + "B";
        String key = board + ":SN-H";
        Db.update("insert into jobs.device (device_key, board, serial_number, last_version, last_unique_topic,"
                + " first_seen, last_seen, checks) values (?, ?, 'SN-H', '1.0.0', 't', now() - interval '90 days', now(), 2)",
                key, board);
        UUID oldSession = UUID.randomUUID();
        UUID newSession = UUID.randomUUID();
        for (Object[] s : new Object[][] {{oldSession, "40 days"}, {newSession, "0 days"}}) {
            Db.update("insert into jobs.ota_session (id, unique_topic, board, device_key, image_digest, version,"
                    + " image_size, job_revision, reported_version, created_at, expires_at) values (?, 't', ?, ?, 'ab',"
                    + " '1.1.0', 1, ?, '1.0.0', now() - ?::interval, now() - ?::interval + interval '30 minutes')",
                    s[0], board, key, UUID.randomUUID(), s[1], s[1]);
        }
        UUID oldReport = UUID.randomUUID();
        UUID recentReport = UUID.randomUUID();
        Db.update("insert into jobs.device_report (id, device_key, board, reported_version, unique_topic, decision,"
                + " reason, session_id, reported_at) values (?, ?, ?, '1.0.0', 't', 'UPDATE_AVAILABLE', 'r', ?,"
                + " now() - interval '40 days')", oldReport, key, board, oldSession);
        // A recent report and result still pointing at the old session: they stay, the link goes.
        Db.update("insert into jobs.device_report (id, device_key, board, reported_version, unique_topic, decision,"
                + " reason, session_id, reported_at) values (?, ?, ?, '1.0.0', 't', 'UPDATE_AVAILABLE', 'r', ?, now())",
                recentReport, key, board, oldSession);
        UUID oldResult = UUID.randomUUID();
        UUID recentResult = UUID.randomUUID();
        Db.update("insert into jobs.ota_result (id, session_id, device_key, unique_topic, board, result, received_at)"
                + " values (?, ?, ?, 't', ?, 'FAILURE', now() - interval '31 days')", oldResult, oldSession, key, board);
        Db.update("insert into jobs.ota_result (id, session_id, device_key, unique_topic, board, result, received_at)"
                + " values (?, ?, ?, 't', ?, 'SUCCESS', now())", recentResult, oldSession, key, board);

        SessionRepository.Deleted deleted = cleaner.clean().await().atMost(Duration.ofSeconds(20));
        assertThat(deleted.reports()).isGreaterThanOrEqualTo(1);
        assertThat(deleted.sessions()).isGreaterThanOrEqualTo(1);

        assertThat(Db.query("select id, session_id from jobs.device_report where device_key = ?", key))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("id")).isEqualTo(recentReport);
                    assertThat(r.get("session_id")).isNull();
                });
        assertThat(Db.query("select id, session_id from jobs.ota_result where device_key = ?", key))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("id")).isEqualTo(recentResult);
                    assertThat(r.get("session_id")).isNull();
                });
        assertThat(Db.query("select id from jobs.ota_session where device_key = ?", key))
                .extracting(r -> r.get("id")).containsExactly(newSession);
        assertThat(Db.count("select count(*) from jobs.device where device_key = ?", key)).isEqualTo(1);
    }

    @Test
    void answersAgainAfterTheBrokerDroppedEveryone() {
        TestSupport.awaitReady();
        MosquittoBroker broker = JobServiceResources.broker();
        assertThat(broker).as("broker visible to the test").isNotNull();
        String board = PREFIX + "R";
        String d = digest("restart");
        StandInImageStore.put(d, board, "5.0.0", 99);
        putJob(board, "{\"imageDigest\":\"" + d + "\"}").then().statusCode(201);

        broker.restart();
        Vertx vertx = Vertx.vertx();
        try {
            OtaTopics topics = new OtaTopics(PREPEND, board);
            DeviceIdentity id = new DeviceIdentity("Infineon", "ABCD123", "EFGH456", "SN-R", "CY8CPROTO_062_4343W");
            // Like a device: ask again until answered (the service reconnects within seconds).
            TestSupport.eventually(Duration.ofSeconds(60), () -> {
                String unique = topics.uniqueTopic(TestSupport.nextSuffix());
                TestDevice.Received answer = TestDevice.check(vertx, topics.appTopic(), unique, topics.requestTopic(),
                        new UpdateAvailability(id, OtaVersion.of(4, 0, 0), unique).toDeviceBytes(), Duration.ofSeconds(3));
                return answer != null && answer.text().contains("\"Version\": \"5.0.0\"");
            }, "an Update Available after the broker restart");
            TestSupport.awaitReady();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
