package dev.otalab.imagestore;

import static dev.otalab.imagestore.ImageStoreTestResource.BOARD;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.imagestore.TestImages.Signed;
import dev.otalab.ota.ChunkHeader;
import dev.otalab.ota.ChunkReceiver;
import dev.otalab.ota.DeviceIdentity;
import dev.otalab.ota.OtaTopics;
import dev.otalab.ota.OtaVersion;
import dev.otalab.ota.RequestUpdate;
import dev.otalab.testing.MosquittoBroker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The broker goes away in the middle of a transfer (every client dropped): the service reconnects
 * both its subscription and its chunk sender by itself, and the device's retry (a new connection and
 * a new {@code Request Update}, as the agent does after its data timeout) gets the whole image.
 */
@QuarkusTest
@QuarkusTestResource(value = ImageStoreTestResource.class, restrictToAnnotatedClass = true)
class BrokerRestartTest {

    MosquittoBroker broker; // injected by ImageStoreTestResource

    @Test
    void transferSurvivesABrokerRestart() throws Exception {
        Signed image = TestImages.trusted(1024 * 1024, System.nanoTime(), "3.1.4");
        OtaTopics topics = new OtaTopics("MyUniqueTopic", BOARD);
        String topic = topics.uniqueTopic((int) (System.nanoTime() & 0xFFFF));
        OtaVersion running = OtaVersion.of(3, 1, 3);
        byte[] request = new RequestUpdate(DeviceIdentity.CODE_EXAMPLE, running, topic).toDeviceBytes();
        try {
            Response stored = given().contentType("application/octet-stream").body(image.bytes())
                    .queryParam("board", BOARD).post("/api/v1/images");
            assertThat(stored.statusCode()).as(stored.asString()).isEqualTo(201);
            TestDevice.session(topic, BOARD, image.digest(), "3.1.4");

            try (TestDevice device = TestDevice.connect(BOARD)) {
                device.publish(topics.requestTopic(), request);
                device.next(topic);
                broker.restart();
            }
            awaitReady();

            try (TestDevice device = TestDevice.connect(BOARD)) {
                device.publish(topics.requestTopic(), request);
                // Chunks of the interrupted transfer may still arrive first; the retry starts at index 0.
                byte[] payload;
                while (ChunkHeader.decode(payload = device.next(topic)).thisPayloadIndex() != 0) {
                    // skip
                }
                byte[] slot = new byte[image.bytes().length];
                ChunkReceiver receiver = new ChunkReceiver(running, (o, d) -> System.arraycopy(d, 0, slot, (int) o, d.length));
                receiver.startAttempt();
                int chunks = (image.bytes().length + 4095) / 4096;
                for (int i = 0; i < chunks; i++) {
                    if (i > 0) {
                        payload = device.next(topic);
                    }
                    assertThat(ChunkHeader.decode(payload).thisPayloadIndex()).isEqualTo(i);
                    receiver.receive(payload);
                }
                assertThat(receiver.complete()).isTrue();
                assertThat(slot).isEqualTo(image.bytes());
            }
        } finally {
            ImageRows.delete(Set.of(image.digest()));
        }
    }

    private static void awaitReady() throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (given().get("/q/health/ready").statusCode() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready 30 s after the broker restart: " + given().get("/q/health/ready").asString());
    }
}
