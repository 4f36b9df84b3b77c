package dev.otalab.jobs;

import static dev.otalab.jobs.TestSupport.PREPEND;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.ota.DeviceIdentity;
import dev.otalab.ota.DeviceJobRules;
import dev.otalab.ota.OtaTopics;
import dev.otalab.ota.OtaVersion;
import dev.otalab.ota.ResultMessage;
import dev.otalab.ota.ServerEndpoint;
import dev.otalab.ota.UpdateAvailability;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;

/**
 * One simulated device of a fleet, over MQTT like {@link TestDevice}: it checks with the version it
 * runs, and plays image-store's part of a download (resolving the OTA session over REST, as
 * image-store does for the device's {@code Request Update}) and the device's optional result.
 */
final class FleetDevice {

    final Vertx vertx;
    final OtaTopics topics;
    final String serial;
    OtaVersion running;
    /** The unique topic of the last check. */
    String lastTopic;

    FleetDevice(Vertx vertx, String board, String serial, OtaVersion running) {
        this.vertx = vertx;
        this.topics = new OtaTopics(PREPEND, board);
        this.serial = serial;
        this.running = running;
    }

    String key() {
        return topics.board() + ":" + serial;
    }

    /**
     * One {@code Update Availability} with the running version; returns the offered version when the
     * answer is a job document the device accepts, else null.
     */
    OtaVersion check() {
        return check(topics.uniqueTopic(TestSupport.nextSuffix()));
    }

    /** As {@link #check()}, on a given unique topic (stock agents can pick the same one). */
    OtaVersion check(String uniqueTopic) {
        lastTopic = uniqueTopic;
        byte[] request = new UpdateAvailability(new DeviceIdentity("Infineon", "ABCD123", "EFGH456", serial,
                "CY8CPROTO_062_4343W"), running, lastTopic).toDeviceBytes();
        TestDevice.Received answer = TestDevice.check(vertx, topics.appTopic(), lastTopic, topics.requestTopic(),
                request, TestDevice.TIMEOUT);
        assertThat(answer).as("answer to %s on %s", serial, lastTopic).isNotNull();
        DeviceJobRules.Verdict verdict = DeviceJobRules.evaluate(answer.payload(), running, topics.board(),
                ServerEndpoint.mqtt(TestDevice.host(), TestDevice.port()));
        return verdict.outcome().accepted() ? verdict.job().version() : null;
    }

    /** image-store resolves the last offer's session for this device's Request Update; returns the session. */
    JsonPath startDownload() {
        return given().urlEncodingEnabled(false).queryParam("serialNumber", serial)
                .get("/api/v1/ota-sessions/" + TestSupport.encode(lastTopic))
                .then().statusCode(200).extract().jsonPath();
    }

    /** The device's optional result for the last offer. */
    void report(boolean success) {
        try (TestDevice device = TestDevice.connect(vertx)) {
            device.publish(topics.requestTopic(), (success ? ResultMessage.success(lastTopic)
                    : ResultMessage.failure(lastTopic)).toDeviceBytes());
        }
    }
}
