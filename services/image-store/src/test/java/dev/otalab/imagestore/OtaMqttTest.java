package dev.otalab.imagestore;

import static dev.otalab.imagestore.ImageStoreTestResource.BOARD;
import static dev.otalab.imagestore.ImageStoreTestResource.OTHER_BOARD;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.imagestore.TestImages.Signed;
import dev.otalab.ota.ChunkHeader;
import dev.otalab.ota.ChunkReceiver;
import dev.otalab.ota.DeviceIdentity;
import dev.otalab.ota.OtaTopics;
import dev.otalab.ota.OtaVersion;
import dev.otalab.ota.RequestDataChunk;
import dev.otalab.ota.RequestUpdate;
import dev.otalab.ota.ResultMessage;
import dev.otalab.ota.UpdateAvailability;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MQTT data plane end to end over TLS: a test device publishes the byte-exact requests of the
 * Infineon agent and reassembles what the service streams with the device model ({@link ChunkReceiver}).
 */
@QuarkusTest
@QuarkusTestResource(value = ImageStoreTestResource.class, restrictToAnnotatedClass = true)
class OtaMqttTest {

    static final OtaTopics TOPICS = new OtaTopics("MyUniqueTopic", BOARD);
    static final OtaVersion DEVICE_VERSION = OtaVersion.of(1, 0, 0);
    static final AtomicInteger SUFFIX = new AtomicInteger((int) (System.nanoTime() % 30_000));
    static final Set<String> made = new HashSet<>();

    static Signed small;   // 10 chunks, the last one partial
    static Signed large;   // 1024 chunks: long enough to be interrupted
    static TestDevice device;

    @BeforeEach
    void setUp() throws Exception {
        if (device != null) {
            return; // once per class; RestAssured knows the port only from the first test on
        }
        long seed = System.nanoTime();
        small = store(9 * 4096 + 1000 - 0x400 - 200, seed, "1.2.3+7");
        large = store(4 * 1024 * 1024 - 0x400 - 300, seed + 1, "2.0.1");
        device = TestDevice.connect(BOARD);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (device != null) {
            device.close();
        }
        ImageRows.delete(made);
    }

    static Signed store(int appLength, long seed, String version) {
        Signed s = TestImages.trusted(appLength, seed, version);
        made.add(s.digest());
        Response r = given().contentType("application/octet-stream").body(s.bytes()).queryParam("board", BOARD)
                .post("/api/v1/images");
        assertThat(r.statusCode()).as(r.asString()).isIn(200, 201);
        return s;
    }

    static String newTopic() {
        return TOPICS.uniqueTopic(SUFFIX.incrementAndGet() % 65536);
    }

    static byte[] requestUpdate(String topic) {
        return new RequestUpdate(DeviceIdentity.CODE_EXAMPLE, DEVICE_VERSION, topic).toDeviceBytes();
    }

    /** Receives a whole transfer on {@code topic} with the device model; returns the reassembled image. */
    static byte[] receiveTransfer(String topic, Signed image, OtaVersion expectedVersion) throws Exception {
        byte[] slot = new byte[image.bytes().length];
        ChunkReceiver receiver = new ChunkReceiver(DEVICE_VERSION, (offset, data) ->
                System.arraycopy(data, 0, slot, (int) offset, data.length));
        receiver.startAttempt();
        int expectedChunks = (image.bytes().length + 4095) / 4096;
        for (int i = 0; i < expectedChunks; i++) {
            byte[] payload = device.next(topic);
            assertThat(payload.length).isLessThanOrEqualTo(32 + 4096);
            ChunkHeader h = ChunkHeader.decode(payload);
            assertThat(h.thisPayloadIndex()).as("index order on %s", topic).isEqualTo(i);
            assertThat(h.totalNumPayloads()).isEqualTo(expectedChunks);
            assertThat(h.version()).isEqualTo(expectedVersion);
            ChunkReceiver.Result r = receiver.receive(payload);
            assertThat(r.outcome()).as(r.detail()).isEqualTo(i == expectedChunks - 1
                    ? ChunkReceiver.Outcome.COMPLETE : ChunkReceiver.Outcome.ACCEPTED);
        }
        assertThat(receiver.complete()).isTrue();
        return slot;
    }

    @Test
    void requestUpdateStreamsTheWholeImageInOrder() throws Exception {
        String topic = newTopic();
        TestDevice.session(topic, BOARD, small.digest(), "1.2.3");
        long startedBefore = metric("otalab_ota_transfers_total{event=\"started\"}");
        long completedBefore = metric("otalab_ota_transfers_total{event=\"completed\"}");
        device.publish(TOPICS.requestTopic(), requestUpdate(topic));
        byte[] got = receiveTransfer(topic, small, OtaVersion.of(1, 2, 3));
        assertThat(got).isEqualTo(small.bytes());
        assertThat(device.next(topic, Duration.ofMillis(500))).as("nothing after the last chunk").isNull();
        // job-service was asked for exactly this topic, URL-encoded as one path segment, on behalf of this device
        assertThat(TestDevice.sessionRequests()).contains("/api/v1/ota-sessions/" + topic.replace("/", "%2F")
                + "?serialNumber=" + DeviceIdentity.CODE_EXAMPLE.serialNumber());
        assertThat(metric("otalab_ota_transfers_total{event=\"started\"}")).isEqualTo(startedBefore + 1);
        awaitMetric("otalab_ota_transfers_total{event=\"completed\"}", completedBefore + 1);
        assertThat(metric("otalab_ota_chunks_sent_total")).isGreaterThanOrEqualTo(10);
    }

    @Test
    void requestDataChunkReturnsExactlyTheRequestedSlice() throws Exception {
        String topic = newTopic();
        TestDevice.session(topic, BOARD, small.digest(), "1.2.3");
        int size = small.bytes().length;

        device.publish(TOPICS.requestTopic(), new RequestDataChunk(DeviceIdentity.LIBRARY_DEFAULT, DEVICE_VERSION, topic,
                "", 4096, 4096).toDeviceBytes());
        byte[] one = device.next(topic);
        ChunkHeader h = ChunkHeader.decode(one);
        assertThat(h.thisPayloadIndex()).isEqualTo(1);
        assertThat(h.imageOffset()).isEqualTo(4096);
        assertThat(h.dataSize()).isEqualTo(4096);
        assertThat(h.totalSize()).isEqualTo(size);
        assertThat(h.version()).isEqualTo(OtaVersion.of(1, 2, 3));
        assertThat(Arrays.copyOfRange(one, 32, one.length)).isEqualTo(Arrays.copyOfRange(small.bytes(), 4096, 8192));

        // The last piece with Size -1 ("rest of file"): clipped at the end of the image.
        int last = (size / 4096) * 4096;
        device.publish(TOPICS.requestTopic(), new RequestDataChunk(DeviceIdentity.LIBRARY_DEFAULT, DEVICE_VERSION, topic,
                "", last, -1).toDeviceBytes());
        byte[] tail = device.next(topic);
        assertThat(ChunkHeader.decode(tail).dataSize()).isEqualTo(size - last);
        assertThat(Arrays.copyOfRange(tail, 32, tail.length)).isEqualTo(Arrays.copyOfRange(small.bytes(), last, size));
        assertThat(device.next(topic, Duration.ofMillis(700))).as("exactly one chunk per request").isNull();

        // An offset outside the image: nothing sent, and the next good request is answered.
        device.publish(TOPICS.requestTopic(), new RequestDataChunk(DeviceIdentity.LIBRARY_DEFAULT, DEVICE_VERSION, topic,
                "", size + 10, 4096).toDeviceBytes());
        assertThat(device.next(topic, Duration.ofMillis(700))).isNull();
        device.publish(TOPICS.requestTopic(), new RequestDataChunk(DeviceIdentity.LIBRARY_DEFAULT, DEVICE_VERSION, topic,
                "", 0, 4096).toDeviceBytes());
        assertThat(Arrays.copyOfRange(device.next(topic), 32, 32 + 4096)).isEqualTo(Arrays.copyOf(small.bytes(), 4096));

        // Four requests from one device cost one session look-up; another device on the topic asks for itself.
        String lookup = "/api/v1/ota-sessions/" + topic.replace("/", "%2F") + "?serialNumber=";
        assertThat(lookups(lookup + DeviceIdentity.LIBRARY_DEFAULT.serialNumber())).isEqualTo(1);
        DeviceIdentity other = new DeviceIdentity("Infineon", "ABCD123", "EFGH456", "SN-OTHER", "CY8CPROTO_062_4343W");
        device.publish(TOPICS.requestTopic(), new RequestDataChunk(other, DEVICE_VERSION, topic, "", 0, 4096)
                .toDeviceBytes());
        assertThat(Arrays.copyOfRange(device.next(topic), 32, 32 + 4096)).isEqualTo(Arrays.copyOf(small.bytes(), 4096));
        assertThat(lookups(lookup + "SN-OTHER")).isEqualTo(1);
    }

    private static long lookups(String request) throws Exception {
        return TestDevice.sessionRequests().lines().filter(request::equals).count();
    }

    @Test
    void unknownOrExpiredSessionGetsNothingAndServiceAnswersTheNext() throws Exception {
        String unknown = newTopic();
        device.publish(TOPICS.requestTopic(), requestUpdate(unknown));
        String expired = newTopic();
        TestDevice.session(expired, BOARD, small.digest(), "1.2.3", OffsetDateTime.now().minusMinutes(1));
        device.publish(TOPICS.requestTopic(), requestUpdate(expired));
        String missingImage = newTopic();
        TestDevice.session(missingImage, BOARD, "cd".repeat(32), "1.2.3");
        device.publish(TOPICS.requestTopic(), requestUpdate(missingImage));
        String wrongBoard = newTopic();
        TestDevice.session(wrongBoard, OTHER_BOARD, small.digest(), "1.2.3");
        device.publish(TOPICS.requestTopic(), requestUpdate(wrongBoard));

        String good = newTopic();
        TestDevice.session(good, BOARD, small.digest(), "1.2.3");
        device.publish(TOPICS.requestTopic(), requestUpdate(good));
        assertThat(receiveTransfer(good, small, OtaVersion.of(1, 2, 3))).isEqualTo(small.bytes());
        for (String t : List.of(unknown, expired, missingImage, wrongBoard)) {
            assertThat(device.next(t, Duration.ofMillis(300))).as(t).isNull();
        }
    }

    @Test
    void malformedFloodIsDroppedAndServiceKeepsAnswering() throws Exception {
        Random random = new Random(42);
        String session = newTopic();
        TestDevice.session(session, BOARD, small.digest(), "1.2.3");
        List<byte[]> junk = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            junk.add(junk(random, i, session));
        }
        for (byte[] j : junk) {
            device.publish(TOPICS.requestTopic(), j);
        }
        String good = newTopic();
        TestDevice.session(good, BOARD, small.digest(), "1.2.3");
        device.publish(TOPICS.requestTopic(), requestUpdate(good));
        assertThat(receiveTransfer(good, small, OtaVersion.of(1, 2, 3))).isEqualTo(small.bytes());
        // None of the junk started anything on the session's topic.
        assertThat(device.next(session, Duration.ofMillis(300))).isNull();
        Response health = given().get("/q/health/ready");
        assertThat(health.statusCode()).as(health.asString()).isEqualTo(200);
        assertThat(metric("otalab_ota_requests_total{kind=\"malformed\"}")).isGreaterThanOrEqualTo(100);
    }

    /** 200 shapes of wrong: random bytes, broken JSON, wrong types, other messages, bad topics, oversized. */
    static byte[] junk(Random r, int i, String session) {
        String other = "MyUniqueTopic/" + OTHER_BOARD + "/OTAImage/77";
        return switch (i % 12) {
            case 0 -> { byte[] b = new byte[1 + r.nextInt(600)]; r.nextBytes(b); yield b; }
            case 1 -> "{\"Message\":\"Request Update\"".getBytes(StandardCharsets.UTF_8);
            case 2 -> ("{\"Message\":\"Request Update\", \"UniqueTopicName\": " + r.nextInt() + "}").getBytes(StandardCharsets.UTF_8);
            case 3 -> ("{\"Message\":\"Request Update\", \"Version\": \"1.x\", \"UniqueTopicName\": \"" + session + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 4 -> ("[1,2,3," + r.nextInt() + "]").getBytes(StandardCharsets.UTF_8);
            case 5 -> new byte[0];
            case 6 -> ("{\"Message\":\"Request Update\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \"" + other + "\"}")
                    .getBytes(StandardCharsets.UTF_8); // another board's topic on our request topic
            case 7 -> ("{\"Message\":\"Request Data Chunk\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \"" + session
                    + "\", \"Offset\": \"banana\"}").getBytes(StandardCharsets.UTF_8);
            case 8 -> ("{\"Message\":\"Request Update\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \"" + session
                    + "\"" + ", \"x\": \"" + "A".repeat(9000) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 9 -> new UpdateAvailability(DeviceIdentity.CODE_EXAMPLE, DEVICE_VERSION, session).toDeviceBytes();
            case 10 -> ResultMessage.success(session).toDeviceBytes();
            default -> ("{\"Message\":\"Request Update\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \"MyUniqueTopic/+/#\", "
                    + "\"Message\": \"dup\"}").getBytes(StandardCharsets.UTF_8);
        };
    }

    @Test
    void newRequestUpdateRestartsFromIndexZeroAndCancelsTheOldTransfer() throws Exception {
        String topic = newTopic();
        TestDevice.session(topic, BOARD, large.digest(), "2.0.1");
        int chunks = (large.bytes().length + 4095) / 4096;
        long cancelledBefore = metric("otalab_ota_transfers_total{event=\"cancelled\"}");
        device.publish(TOPICS.requestTopic(), requestUpdate(topic));
        assertThat(ChunkHeader.decode(device.next(topic)).thisPayloadIndex()).isEqualTo(0);
        device.publish(TOPICS.requestTopic(), requestUpdate(topic)); // the device's retry

        // The old transfer stops somewhere short of its end; then index 0 again and the whole image.
        int seen = 1;
        int previous = 0;
        byte[] payload;
        while (ChunkHeader.decode(payload = device.next(topic)).thisPayloadIndex() != 0) {
            assertThat(ChunkHeader.decode(payload).thisPayloadIndex()).isEqualTo(previous + 1);
            previous++;
            seen++;
        }
        assertThat(seen).as("chunks of the first transfer").isLessThan(chunks);
        byte[] slot = new byte[large.bytes().length];
        ChunkReceiver receiver = new ChunkReceiver(DEVICE_VERSION, (o, d) -> System.arraycopy(d, 0, slot, (int) o, d.length));
        receiver.startAttempt(); // the device's retry starts a new attempt
        for (int i = 0; i < chunks; i++) {
            if (i > 0) {
                payload = device.next(topic);
            }
            ChunkHeader h = ChunkHeader.decode(payload);
            assertThat(h.thisPayloadIndex()).isEqualTo(i);
            assertThat(h.version()).isEqualTo(OtaVersion.of(2, 0, 1));
            assertThat(receiver.receive(payload).outcome()).isEqualTo(i == chunks - 1
                    ? ChunkReceiver.Outcome.COMPLETE : ChunkReceiver.Outcome.ACCEPTED);
        }
        assertThat(slot).isEqualTo(large.bytes());
        assertThat(device.next(topic, Duration.ofMillis(500))).isNull();
        assertThat(metric("otalab_ota_transfers_total{event=\"cancelled\"}")).isEqualTo(cancelledBefore + 1);
    }

    @Test
    void manyConcurrentTransfers() throws Exception {
        int devices = 120;
        Signed other = small;
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            String topic = newTopic();
            topics.add(topic);
            TestDevice.session(topic, BOARD, other.digest(), "1.2.3");
        }
        for (String topic : topics) {
            device.publish(TOPICS.requestTopic(), requestUpdate(topic));
        }
        for (String topic : topics) {
            assertThat(receiveTransfer(topic, other, OtaVersion.of(1, 2, 3))).as(topic).isEqualTo(other.bytes());
        }
    }

    static final Pattern SAMPLE = Pattern.compile("^(\\S+?)\\s+([0-9.Ee+-]+)$", Pattern.MULTILINE);

    /** A Prometheus sample by its exact name and labels (as printed), 0 when absent. */
    static long metric(String nameAndLabels) {
        String text = given().get("/q/metrics").asString();
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            String key = m.group(1);
            if (key.equals(nameAndLabels) || normalize(key).equals(normalize(nameAndLabels))) {
                return (long) Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    private static String normalize(String key) {
        return key.replace(",}", "}");
    }

    static void awaitMetric(String name, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (metric(name) < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(metric(name)).as(name).isGreaterThanOrEqualTo(atLeast);
    }
}
