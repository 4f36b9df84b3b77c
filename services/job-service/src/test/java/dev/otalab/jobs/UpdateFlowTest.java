package dev.otalab.jobs;

import static dev.otalab.jobs.TestSupport.PREPEND;
import static dev.otalab.jobs.TestSupport.digest;
import static dev.otalab.jobs.TestSupport.encode;
import static dev.otalab.jobs.TestSupport.putJob;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.ota.DeviceIdentity;
import dev.otalab.ota.DeviceJobRules;
import dev.otalab.ota.OtaTopics;
import dev.otalab.ota.OtaVersion;
import dev.otalab.ota.ResultMessage;
import dev.otalab.ota.ServerEndpoint;
import dev.otalab.ota.UpdateAvailability;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A test device over TLS sends the byte-exact {@code Update Availability} of the OTA Agent
 * ({@code dev.otalab.ota} device encoders) and reads the answer as the device would
 * ({@link DeviceJobRules#evaluate}, which runs {@code DeviceJobParser}).
 */
@QuarkusTest
@QuarkusTestResource(JobServiceResources.class)
class UpdateFlowTest {

    static final String PREFIX = TestSupport.boardPrefix("FLOW");
    /** Job 1.1.0 for every device. */
    static final String BOARD = PREFIX + "ALL";
    /** Job 1.1.0 for two serial numbers only. */
    static final String TARGETED = PREFIX + "SERIALS";
    /** No job. */
    static final String NO_JOB = PREFIX + "NOJOB";
    static final OtaVersion JOB_VERSION = OtaVersion.of(1, 1, 0);
    static final long IMAGE_SIZE = 300_000;

    static Vertx vertx;
    static String digest;
    static String targetedDigest;

    /** In {@code @BeforeEach}: RestAssured knows the test port only from there on. */
    @BeforeEach
    void setUp() {
        if (vertx != null) {
            return;
        }
        TestSupport.awaitReady();
        vertx = Vertx.vertx();
        digest = digest("flow");
        StandInImageStore.put(digest, BOARD, "1.1.0", IMAGE_SIZE);
        putJob(BOARD, "{\"imageDigest\":\"" + digest + "\"}").then().statusCode(201);
        targetedDigest = digest("flow-targeted");
        StandInImageStore.put(targetedDigest, TARGETED, "1.1.0+3", 5000);
        putJob(TARGETED, "{\"imageDigest\":\"" + targetedDigest + "\",\"serialNumbers\":[\"SN-T-1\",\"SN-T-2\"]}")
                .then().statusCode(201);
    }

    @AfterAll
    static void tearDown() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        Db.deleteBoards(PREFIX);
    }

    static DeviceIdentity identity(String serial) {
        return new DeviceIdentity("Infineon", "ABCD123", "EFGH456", serial, "CY8CPROTO_062_4343W");
    }

    /** One job phase of a device on {@code board}; returns the unique topic used and what arrived. */
    record Check(String uniqueTopic, TestDevice.Received answer) {
    }

    static Check check(String board, DeviceIdentity id, OtaVersion running) {
        OtaTopics topics = new OtaTopics(PREPEND, board);
        String unique = topics.uniqueTopic(TestSupport.nextSuffix());
        byte[] request = new UpdateAvailability(id, running, unique).toDeviceBytes();
        return check(topics, unique, request);
    }

    static Check check(OtaTopics topics, String unique, byte[] request) {
        TestDevice.Received answer = TestDevice.check(vertx, topics.appTopic(), unique, topics.requestTopic(), request,
                TestDevice.TIMEOUT);
        assertThat(answer).as("an answer on %s", unique).isNotNull();
        assertThat(answer.topic()).isEqualTo(unique);
        return new Check(unique, answer);
    }

    static ServerEndpoint current() {
        return ServerEndpoint.mqtt(TestDevice.host(), TestDevice.port());
    }

    static String noUpdate(String unique) {
        return "{\"Message\": \"No Update Available\", \"UniqueTopicName\": \"" + unique + "\"}";
    }

    @Test
    void newerJobIsOfferedAndTheSessionResolves() {
        OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);
        Check c = check(BOARD, identity("SN-NEW-1"), OtaVersion.of(1, 0, 0));

        assertThat(c.answer().text()).isEqualTo("{\"Message\": \"Update Available\", \"SerialNumber\": \"SN-NEW-1\", "
                + "\"Board\": \"" + BOARD + "\", \"Version\": \"1.1.0\", \"Connection\": \"MQTT\", \"Broker\": \"\", "
                + "\"Port\": \"\", \"UniqueTopicName\": \"" + c.uniqueTopic() + "\"}");
        DeviceJobRules.Verdict verdict = DeviceJobRules.evaluate(c.answer().payload(), OtaVersion.of(1, 0, 0), BOARD,
                current());
        assertThat(verdict.outcome()).as(verdict.reason()).isEqualTo(DeviceJobRules.Outcome.SAME_SERVER);
        assertThat(verdict.job().board()).isEqualTo(BOARD);
        assertThat(verdict.job().version()).isEqualTo(JOB_VERSION);
        assertThat(verdict.dataServer()).isEqualTo(current());
        assertThat(verdict.job().warnings()).isEmpty();

        // The session is committed before the answer is published: readable at once.
        JsonPath session = given().urlEncodingEnabled(false).get("/api/v1/ota-sessions/" + encode(c.uniqueTopic()))
                .then().statusCode(200).extract().jsonPath();
        assertThat(session.getMap("")).containsOnlyKeys("uniqueTopic", "board", "imageDigest", "version",
                "serialNumber", "createdAt", "expiresAt");
        assertThat(session.getString("uniqueTopic")).isEqualTo(c.uniqueTopic());
        assertThat(session.getString("board")).isEqualTo(BOARD);
        assertThat(session.getString("imageDigest")).isEqualTo(digest);
        assertThat(session.getString("version")).isEqualTo("1.1.0");
        assertThat(session.getString("serialNumber")).isEqualTo("SN-NEW-1");
        OffsetDateTime created = OffsetDateTime.parse(session.getString("createdAt"));
        OffsetDateTime expires = OffsetDateTime.parse(session.getString("expiresAt"));
        assertThat(created).isAfter(before);
        assertThat(Duration.between(created, expires)).isEqualTo(Duration.ofMinutes(30));
        // Unencoded slashes resolve as well.
        given().get("/api/v1/ota-sessions/" + c.uniqueTopic()).then().statusCode(200);

        List<Map<String, Object>> rows = Db.query("select * from jobs.ota_session where unique_topic = ?",
                c.uniqueTopic());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("device_key", BOARD + ":SN-NEW-1")
                .containsEntry("image_size", IMAGE_SIZE).containsEntry("reported_version", "1.0.0");
        Map<String, Object> report = Db.query("select * from jobs.device_report where unique_topic = ?",
                c.uniqueTopic()).get(0);
        assertThat(report).containsEntry("decision", "UPDATE_AVAILABLE").containsEntry("reported_version", "1.0.0")
                .containsEntry("session_id", rows.get(0).get("id")).containsEntry("board", BOARD)
                .containsEntry("manufacturer", "Infineon").containsEntry("board_name", "CY8CPROTO_062_4343W");

        // An expired session is not resolved.
        Db.update("update jobs.ota_session set expires_at = now() - interval '1 second' where unique_topic = ?",
                c.uniqueTopic());
        JobsApiTest.problem(given().urlEncodingEnabled(false)
                .get("/api/v1/ota-sessions/" + encode(c.uniqueTopic())), 404, "unknown-session");

        // The offer is counted when the service has the broker's PUBACK, which may come after the device has it.
        TestSupport.eventually(Duration.ofSeconds(5),
                () -> TestSupport.metric("otalab_update_offers_total", "outcome=\"acked\"") >= 1, "offer counted");
        assertThat(TestSupport.metric("otalab_update_checks_total", "decision=\"update_available\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(TestSupport.metric("otalab_ota_sessions_created_total", "")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aRecurringTopicEndsOnlyTheSameDevicesOlderOffer() {
        OtaTopics topics = new OtaTopics(PREPEND, BOARD);
        String unique = topics.uniqueTopic(TestSupport.nextSuffix());
        for (String serial : List.of("SN-TICK-A", "SN-TICK-B", "SN-TICK-A")) {
            assertThat(check(topics, unique, new UpdateAvailability(identity(serial), OtaVersion.of(1, 0, 0), unique)
                    .toDeviceBytes()).answer().text()).contains("\"Update Available\"");
        }
        assertThat(Db.query("select serial_number, count(*) filter (where expires_at > now()) as active, count(*) as all"
                + " from jobs.ota_session where unique_topic = ? group by serial_number order by serial_number", unique))
                .extracting(r -> r.get("serial_number") + " " + r.get("active") + "/" + r.get("all"))
                .containsExactly("SN-TICK-A 1/2", "SN-TICK-B 1/1");
        // Each device's Request Update resolves its own offer; one without a serial gets the newest.
        for (String serial : List.of("SN-TICK-B", "SN-TICK-A")) {
            assertThat(given().urlEncodingEnabled(false).queryParam("serialNumber", serial)
                    .get("/api/v1/ota-sessions/" + encode(unique)).then().statusCode(200).extract().jsonPath()
                    .getString("serialNumber")).isEqualTo(serial);
        }
        assertThat(given().urlEncodingEnabled(false).get("/api/v1/ota-sessions/" + encode(unique)).then()
                .statusCode(200).extract().jsonPath().getString("serialNumber")).isEqualTo("SN-TICK-A");
    }

    @Test
    void sameOrNewerVersionGetsNoUpdate() {
        Check same = check(BOARD, identity("SN-SAME"), JOB_VERSION);
        assertThat(same.answer().text()).isEqualTo(noUpdate(same.uniqueTopic()));
        assertThat(DeviceJobRules.evaluate(same.answer().payload(), JOB_VERSION, BOARD, current()).outcome())
                .isEqualTo(DeviceJobRules.Outcome.VERSION_NOT_NEWER);

        Check newer = check(BOARD, identity("SN-SAME"), OtaVersion.of(1, 1, 1));
        assertThat(newer.answer().text()).isEqualTo(noUpdate(newer.uniqueTopic()));

        for (String topic : List.of(same.uniqueTopic(), newer.uniqueTopic())) {
            assertThat(Db.count("select count(*) from jobs.ota_session where unique_topic = ?", topic)).isZero();
            given().urlEncodingEnabled(false).get("/api/v1/ota-sessions/" + encode(topic)).then().statusCode(404);
        }
        assertThat(Db.query("select decision from jobs.device_report where device_key = ? order by reported_at",
                BOARD + ":SN-SAME")).extracting(r -> r.get("decision")).containsExactly("NOT_NEWER", "NOT_NEWER");
    }

    @Test
    void boardWithoutJobGetsNoUpdate() {
        Check c = check(NO_JOB, identity("SN-NEW-1"), OtaVersion.of(1, 0, 0));
        assertThat(c.answer().text()).isEqualTo(noUpdate(c.uniqueTopic()));
        assertThat(DeviceJobRules.evaluate(c.answer().payload(), OtaVersion.of(1, 0, 0), NO_JOB, current()).outcome())
                .isNotIn(DeviceJobRules.Outcome.SAME_SERVER, DeviceJobRules.Outcome.SWITCH_SERVER);
        assertThat(Db.query("select decision, reason from jobs.device_report where device_key = ?",
                NO_JOB + ":SN-NEW-1")).singleElement().satisfies(r -> {
                    assertThat(r.get("decision")).isEqualTo("NO_JOB");
                    assertThat((String) r.get("reason")).contains(NO_JOB);
                });
        // Deleting a job turns its board into one without a job.
        String board = PREFIX + "GONE";
        String d = digest("gone");
        StandInImageStore.put(d, board, "9.0.0", 10);
        putJob(board, "{\"imageDigest\":\"" + d + "\"}").then().statusCode(201);
        Check offered = check(board, identity("SN-G"), OtaVersion.of(1, 0, 0));
        assertThat(offered.answer().text()).contains("\"Update Available\"", "\"9.0.0\"");
        given().delete("/api/v1/jobs/" + board).then().statusCode(204);
        Check gone = check(board, identity("SN-G"), OtaVersion.of(1, 0, 0));
        assertThat(gone.answer().text()).isEqualTo(noUpdate(gone.uniqueTopic()));
    }

    @Test
    void jobForSerialNumbersSkipsOtherDevices() {
        Check other = check(TARGETED, identity("SN-T-3"), OtaVersion.of(1, 0, 0));
        assertThat(other.answer().text()).isEqualTo(noUpdate(other.uniqueTopic()));
        Check libraryDefault = check(TARGETED, DeviceIdentity.LIBRARY_DEFAULT, OtaVersion.of(1, 0, 0));
        assertThat(libraryDefault.answer().text()).isEqualTo(noUpdate(libraryDefault.uniqueTopic()));
        // A device sending no identity at all cannot be one of the serials.
        OtaTopics topics = new OtaTopics(PREPEND, TARGETED);
        String unique = topics.uniqueTopic(TestSupport.nextSuffix());
        Check anonymous = check(topics, unique, ("{\"Message\":\"Update Availability\", \"Version\": \"1.0.0\", "
                + "\"UniqueTopicName\": \"" + unique + "\"}").getBytes(StandardCharsets.US_ASCII));
        assertThat(anonymous.answer().text()).isEqualTo(noUpdate(unique));

        Check targeted = check(TARGETED, identity("SN-T-2"), OtaVersion.of(1, 0, 0));
        assertThat(targeted.answer().text()).startsWith("{\"Message\": \"Update Available\", \"SerialNumber\": \"SN-T-2\", "
                + "\"Board\": \"" + TARGETED + "\", \"Version\": \"1.1.0\"");
        assertThat(DeviceJobRules.evaluate(targeted.answer().payload(), OtaVersion.of(1, 0, 0), TARGETED, current())
                .outcome()).isEqualTo(DeviceJobRules.Outcome.SAME_SERVER);

        assertThat(Db.query("select device_key, decision from jobs.device_report where board = ? order by reported_at",
                TARGETED)).extracting(r -> r.get("device_key") + " " + r.get("decision")).containsExactly(
                        TARGETED + ":SN-T-3 NOT_TARGETED", TARGETED + ":ABC213450001 NOT_TARGETED",
                        TARGETED + ": NOT_TARGETED", TARGETED + ":SN-T-2 UPDATE_AVAILABLE");
    }

    @Test
    void resultsAreRecordedAgainstTheSession() {
        Check ok = check(BOARD, identity("SN-RESULT"), OtaVersion.of(1, 0, 0));
        Check bad = check(BOARD, identity("SN-RESULT"), OtaVersion.of(1, 0, 0));
        String nobody = new OtaTopics(PREPEND, BOARD).uniqueTopic(TestSupport.nextSuffix());
        String request = new OtaTopics(PREPEND, BOARD).requestTopic();
        try (TestDevice device = TestDevice.connect(vertx)) {
            device.publish(request, ResultMessage.success(ok.uniqueTopic()).toDeviceBytes());
            // messages are handled concurrently: the failure is sent once the success is recorded, so
            // "newest first" below has one answer
            TestSupport.eventually(Duration.ofSeconds(10), () -> Db.count(
                    "select count(*) from jobs.ota_result where unique_topic = ?", ok.uniqueTopic()) == 1, "first result");
            device.publish(request, ResultMessage.failure(bad.uniqueTopic()).toDeviceBytes());
            device.publish(request, ResultMessage.success(nobody).toDeviceBytes());
        }
        String key = BOARD + ":SN-RESULT";
        TestSupport.eventually(Duration.ofSeconds(10),
                () -> Db.count("select count(*) from jobs.ota_result where board = ? and unique_topic in (?, ?, ?)",
                        BOARD, ok.uniqueTopic(), bad.uniqueTopic(), nobody) == 3, "three results");

        JsonPath detail = given().urlEncodingEnabled(false).get("/api/v1/devices/" + encode(key))
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> results = detail.getList("results");
        assertThat(results).extracting(r -> r.get("result") + " " + r.get("uniqueTopic"))
                .containsExactly("FAILURE " + bad.uniqueTopic(), "SUCCESS " + ok.uniqueTopic());
        List<Map<String, Object>> sessions = detail.getList("sessions");
        assertThat(sessions).extracting(s -> s.get("uniqueTopic")).containsExactly(bad.uniqueTopic(), ok.uniqueTopic());
        assertThat(results.get(1).get("sessionId")).isEqualTo(sessions.get(1).get("id"));
        assertThat(results.get(0).get("sessionId")).isEqualTo(sessions.get(0).get("id"));

        Map<String, Object> orphan = Db.query("select * from jobs.ota_result where unique_topic = ?", nobody).get(0);
        assertThat(orphan.get("session_id")).isNull();
        assertThat(orphan.get("device_key")).isNull();
        assertThat(orphan).containsEntry("result", "SUCCESS").containsEntry("board", BOARD);
        assertThat(TestSupport.metric("otalab_ota_results_total", "result=\"success\",session=\"unknown\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(TestSupport.metric("otalab_ota_results_total", "result=\"failure\",session=\"known\""))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void reportsAreListedWithTheReportedVersions() {
        String serial = "SN-LIST-" + UUID.randomUUID().toString().substring(0, 8);
        String key = BOARD + ":" + serial;
        check(BOARD, identity(serial), OtaVersion.of(1, 0, 0));
        check(BOARD, identity(serial), OtaVersion.of(1, 1, 0));
        check(BOARD, identity(serial), OtaVersion.of(1, 0, 5));

        List<Map<String, Object>> listed = given().queryParam("board", BOARD).get("/api/v1/devices")
                .then().statusCode(200).extract().jsonPath().getList("");
        Map<String, Object> device = listed.stream().filter(d -> key.equals(d.get("key"))).findFirst().orElseThrow();
        assertThat(device).containsEntry("board", BOARD).containsEntry("serialNumber", serial)
                .containsEntry("lastVersion", "1.0.5").containsEntry("lastDecision", "UPDATE_AVAILABLE")
                .containsEntry("manufacturer", "Infineon").containsEntry("manufacturerId", "ABCD123")
                .containsEntry("productId", "EFGH456").containsEntry("boardName", "CY8CPROTO_062_4343W");
        assertThat(((Number) device.get("checks")).intValue()).isEqualTo(3);
        assertThat(listed).allSatisfy(d -> assertThat(d.get("board")).isEqualTo(BOARD));

        JsonPath detail = given().urlEncodingEnabled(false).get("/api/v1/devices/" + encode(key))
                .then().statusCode(200).extract().jsonPath();
        assertThat(detail.getList("reports.version", String.class)).containsExactly("1.0.5", "1.1.0", "1.0.0");
        assertThat(detail.getList("reports.decision", String.class))
                .containsExactly("UPDATE_AVAILABLE", "NOT_NEWER", "UPDATE_AVAILABLE");
        assertThat(detail.getList("sessions.reportedVersion", String.class)).containsExactly("1.0.5", "1.0.0");
        assertThat(detail.getString("device.lastVersion")).isEqualTo("1.0.5");
        assertThat(given().urlEncodingEnabled(false).queryParam("limit", "1").get("/api/v1/devices/" + encode(key))
                .then().extract().jsonPath().getList("reports")).hasSize(1);
    }

    @Test
    void devicesWithoutIdentityAreTrackedByWhatTheySend() {
        // The CE's and the library's literals: every such device of a board shares one key.
        Check ce = check(BOARD, DeviceIdentity.CODE_EXAMPLE, OtaVersion.of(1, 0, 0));
        assertThat(ce.answer().text()).contains("\"SerialNumber\": \"ABC213450001\"");
        Check lib = check(BOARD, DeviceIdentity.LIBRARY_DEFAULT, OtaVersion.of(1, 0, 2));
        JsonPath shared = given().urlEncodingEnabled(false).get("/api/v1/devices/" + encode(BOARD + ":ABC213450001"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(shared.getString("device.manufacturer")).isEqualTo("Express Widgits Corporation");
        assertThat(shared.getList("reports.manufacturer", String.class))
                .containsExactly("Express Widgits Corporation", "Infineon");
        assertThat(lib.answer().text()).contains("\"Update Available\"");

        // No identity fields at all: tracked as "<board>:", still answered, no serial echoed.
        OtaTopics topics = new OtaTopics(PREPEND, BOARD);
        String unique = topics.uniqueTopic(TestSupport.nextSuffix());
        Check bare = check(topics, unique, ("{\"Message\":\"Update Availability\", \"Version\": \"1.0.0\", "
                + "\"UniqueTopicName\": \"" + unique + "\"}").getBytes(StandardCharsets.US_ASCII));
        assertThat(bare.answer().text()).isEqualTo("{\"Message\": \"Update Available\", \"Board\": \"" + BOARD
                + "\", \"Version\": \"1.1.0\", \"Connection\": \"MQTT\", \"Broker\": \"\", \"Port\": \"\", "
                + "\"UniqueTopicName\": \"" + unique + "\"}");
        JsonPath anonymous = given().urlEncodingEnabled(false).get("/api/v1/devices/" + encode(BOARD + ":"))
                .then().statusCode(200).extract().jsonPath();
        assertThat(anonymous.getString("device.serialNumber")).isNull();
        assertThat(anonymous.getString("device.lastVersion")).isEqualTo("1.0.0");
        assertThat(given().urlEncodingEnabled(false).get("/api/v1/ota-sessions/" + encode(unique))
                .then().statusCode(200).extract().jsonPath().getString("serialNumber")).isNull();
    }

    @Test
    void jobWithBrokerAndPortSwitchesTheDataPhase() {
        String board = PREFIX + "SWITCH";
        String d = digest("switch");
        StandInImageStore.put(d, board, "3.2.1", 77);
        putJob(board, "{\"imageDigest\":\"" + d + "\",\"broker\":\"ota.example.net\",\"port\":\"8884\"}")
                .then().statusCode(201);
        Check c = check(board, identity("SN-SW"), OtaVersion.of(3, 2, 0));
        DeviceJobRules.Verdict verdict = DeviceJobRules.evaluate(c.answer().payload(), OtaVersion.of(3, 2, 0), board,
                current());
        assertThat(verdict.outcome()).isEqualTo(DeviceJobRules.Outcome.SWITCH_SERVER);
        assertThat(verdict.dataServer()).isEqualTo(ServerEndpoint.mqtt("ota.example.net", 8884));
    }
}
