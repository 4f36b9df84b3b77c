package dev.otalab.imagestore;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.imagestore.TestImages.Signed;
import dev.otalab.ota.ChunkHeader;
import dev.otalab.ota.ChunkReceiver;
import dev.otalab.ota.DeviceIdentity;
import dev.otalab.ota.OtaTopics;
import dev.otalab.ota.OtaVersion;
import dev.otalab.ota.RequestUpdate;
import dev.otalab.ota.UpdateAvailability;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The whole Infineon MQTT job flow against the real job-service (its jar, run by
 * {@link JobServiceE2EResource}): a job is put for the board, the device asks {@code Update
 * Availability} and gets job-service's job document, then sends {@code Request Update} and
 * image-store, resolving the session job-service created, streams the image. Runs when
 * job-service has been built ({@code mvn -pl services/job-service package}); skipped otherwise.
 */
@QuarkusTest
@TestProfile(JobServiceEndToEndTest.Profile.class)
@EnabledIf("dev.otalab.imagestore.JobServiceE2EResource#jobServiceBuilt")
class JobServiceEndToEndTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(JobServiceE2EResource.class));
        }
    }

    @Test
    void deviceGetsTheJobFromJobServiceAndTheImageFromImageStore() throws Exception {
        String board = JobServiceE2EResource.BOARD;
        String jobs = ConfigProvider.getConfig().getValue("otalab.job-service.url", String.class);
        Signed image = TestImages.trusted(5 * 4096 + 77, System.nanoTime(), "1.1.0");
        try (TestDevice device = TestDevice.connect(board)) {
            Response stored = given().contentType("application/octet-stream").body(image.bytes())
                    .queryParam("board", board).post("/api/v1/images");
            assertThat(stored.statusCode()).as(stored.asString()).isEqualTo(201);
            Response job = given().baseUri(jobs).port(-1).contentType("application/json")
                    .body("{\"imageDigest\":\"" + image.digest() + "\"}").put("/api/v1/jobs/" + board);
            assertThat(job.statusCode()).as(job.asString()).isIn(200, 201);
            assertThat(job.jsonPath().getString("version")).isEqualTo("1.1.0");
            assertThat(job.jsonPath().getLong("imageSize")).isEqualTo(image.bytes().length);

            OtaTopics topics = new OtaTopics("MyUniqueTopic", board);
            String unique = topics.uniqueTopic((int) (System.nanoTime() & 0xFFFF));
            OtaVersion running = OtaVersion.of(1, 0, 0);
            device.publish(topics.requestTopic(),
                    new UpdateAvailability(DeviceIdentity.CODE_EXAMPLE, running, unique).toDeviceBytes());
            String document = new String(device.next(unique), StandardCharsets.US_ASCII);
            assertThat(document).contains("\"Update Available\"", "\"Version\": \"1.1.0\"", "\"Board\": \"" + board + "\"");

            device.publish(topics.requestTopic(), new RequestUpdate(DeviceIdentity.CODE_EXAMPLE, running, unique)
                    .toDeviceBytes());
            byte[] slot = new byte[image.bytes().length];
            ChunkReceiver receiver = new ChunkReceiver(running, (o, d) -> System.arraycopy(d, 0, slot, (int) o, d.length));
            receiver.startAttempt();
            int chunks = (image.bytes().length + 4095) / 4096;
            for (int i = 0; i < chunks; i++) {
                byte[] payload = device.next(unique);
                assertThat(ChunkHeader.decode(payload).thisPayloadIndex()).isEqualTo(i);
                assertThat(receiver.receive(payload).outcome()).isIn(ChunkReceiver.Outcome.ACCEPTED,
                        ChunkReceiver.Outcome.COMPLETE);
            }
            assertThat(receiver.complete()).isTrue();
            assertThat(slot).isEqualTo(image.bytes());
        } finally {
            given().baseUri(jobs).port(-1).delete("/api/v1/jobs/" + board);
            ImageRows.delete(Set.of(image.digest()));
        }
    }
}
