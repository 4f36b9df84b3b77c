package dev.otalab.jobs;

import static dev.otalab.jobs.TestSupport.PREPEND;
import static dev.otalab.jobs.TestSupport.digest;
import static dev.otalab.jobs.TestSupport.putJob;
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
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * 200 messages of random shape on the request topic: none is answered, none is recorded, each is
 * counted as dropped, and a well-formed request afterwards is answered as usual.
 */
@QuarkusTest
@QuarkusTestResource(JobServiceResources.class)
class MalformedMessagesTest {

    static final String PREFIX = TestSupport.boardPrefix("BAD");
    static final String BOARD = PREFIX + "B";
    static final String OTHER = PREFIX + "OTHER";
    static final String DROPPED = "otalab_device_messages_total";
    static Vertx vertx;

    @AfterAll
    static void tearDown() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        Db.deleteBoards(PREFIX);
    }

    @Test
    void randomGarbageIsDroppedAndTheServiceKeepsAnswering() {
        TestSupport.awaitReady();
        vertx = Vertx.vertx();
        String d = digest("bad");
        StandInImageStore.put(d, BOARD, "2.0.0", 1234);
        putJob(BOARD, "{\"imageDigest\":\"" + d + "\"}").then().statusCode(201);

        OtaTopics topics = new OtaTopics(PREPEND, BOARD);
        List<byte[]> garbage = garbage(new Random(20250101L), topics, 200);
        assertThat(garbage).hasSize(200);
        double droppedBefore = dropped();

        try (TestDevice device = TestDevice.connect(vertx)) {
            // Listen where an answer to any of them would go: every unique topic of the board.
            device.subscribe(topics.appTopic() + "/+", new OtaTopics(PREPEND, OTHER).appTopic() + "/+");
            for (byte[] payload : garbage) {
                device.publish(topics.requestTopic(), payload);
            }
            // A well-formed request after the flood is answered (messages are handled in order).
            String unique = topics.uniqueTopic(TestSupport.nextSuffix());
            DeviceIdentity id = new DeviceIdentity("Infineon", "ABCD123", "EFGH456", "SN-AFTER", "CY8CPROTO_062_4343W");
            device.publish(topics.requestTopic(), new UpdateAvailability(id, OtaVersion.of(1, 0, 0), unique)
                    .toDeviceBytes());
            TestDevice.Received answer = device.next(TestDevice.TIMEOUT);
            assertThat(answer).as("answer to the well-formed request").isNotNull();
            assertThat(answer.topic()).as("nothing but the well-formed request was answered").isEqualTo(unique);
            assertThat(DeviceJobRules.evaluate(answer.payload(), OtaVersion.of(1, 0, 0), BOARD,
                    ServerEndpoint.mqtt(TestDevice.host(), TestDevice.port())).outcome())
                    .isEqualTo(DeviceJobRules.Outcome.SAME_SERVER);
            assertThat(device.next(Duration.ofMillis(500))).isNull();
        }

        assertThat(dropped() - droppedBefore).as("every garbage message counted as dropped").isEqualTo(200.0);
        // Only the well-formed request left a trace.
        assertThat(Db.query("select device_key from jobs.device where board like ?",
                PREFIX.replace("_", "\\_") + "%")).extracting(r -> r.get("device_key"))
                .containsExactly(BOARD + ":SN-AFTER");
        assertThat(Db.count("select count(*) from jobs.device_report where board like ?",
                PREFIX.replace("_", "\\_") + "%")).isEqualTo(1);
        assertThat(Db.count("select count(*) from jobs.ota_result where board like ?",
                PREFIX.replace("_", "\\_") + "%")).isZero();
    }

    static double dropped() {
        return TestSupport.metric(DROPPED, "type=\"malformed\"") + TestSupport.metric(DROPPED, "type=\"unsupported\"")
                + TestSupport.metric(DROPPED, "type=\"foreign_topic\"");
    }

    /** {@code n} payloads of random shape, none of them a usable request of this board. */
    static List<byte[]> garbage(Random random, OtaTopics topics, int n) {
        String valid = new String(new UpdateAvailability(DeviceIdentity.CODE_EXAMPLE, OtaVersion.of(1, 0, 0),
                topics.uniqueTopic(7)).toDeviceBytes(), StandardCharsets.US_ASCII);
        String otherBoardTopic = new OtaTopics(PREPEND, OTHER).uniqueTopic(8);
        List<byte[]> out = new ArrayList<>();
        while (out.size() < n) {
            String unique = topics.uniqueTopic(random.nextInt(65536));
            String text = switch (random.nextInt(20)) {
                case 0 -> null; // random bytes
                case 1 -> randomText(random, random.nextInt(200));
                case 2 -> valid.substring(0, random.nextInt(valid.length() - 1)); // truncated
                case 3 -> List.of("[]", "[1,2,3]", "42", "\"text\"", "null", "true", "{}", "{", "}").get(random.nextInt(9));
                case 4 -> "{\"Message\":\"Update Availability\", \"Version\": \"1.0.0\"}"; // no UniqueTopicName
                case 5 -> "{\"Message\":\"Update Availability\", \"UniqueTopicName\": \"" + unique + "\"}"; // no Version
                case 6 -> "{\"Message\":\"Update Availability\", \"Version\": \"" + randomVersionJunk(random)
                        + "\", \"UniqueTopicName\": \"" + unique + "\"}";
                case 7 -> "{\"Message\":\"Update Availability\", \"Version\": 100, \"UniqueTopicName\": \"" + unique + "\"}";
                case 8 -> "{\"Message\":\"Update Availability\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \""
                        + topics.appTopic() + "/" + List.of("+", "#", "x", "007", "65536", "").get(random.nextInt(6)) + "\"}";
                case 9 -> "{\"Message\":\"Update Availability\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \""
                        + otherBoardTopic + "\"}"; // another board's topic: must never be published to
                case 10 -> "{\"Message\":\"Update Availability\", \"SerialNumber\": \"" + "S".repeat(300)
                        + "\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \"" + unique + "\"}";
                case 11 -> "{\"Message\":\"" + randomText(random, 12).replace("\"", "'").replace("\\", "/")
                        + "\", \"UniqueTopicName\": \"" + unique + "\"}";
                case 12 -> "{\"Message\":\"Send Direct Update\", \"UniqueTopicName\": \"" + unique + "\"}";
                case 13 -> "{\"message\":\"Success\", \"MESSAGE\":\"Failure\", \"UniqueTopicName\": \"" + unique + "\"}";
                case 14 -> "{\"Message\":\"Update Availability\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \""
                        + unique + "\", \"SerialNumber\": [1, {\"a\": null}]}";
                case 15 -> "{\"Message\":\"Success\"}";
                case 16 -> "{\"Message\":[\"Update Availability\"], \"UniqueTopicName\": \"" + unique + "\"}";
                case 17 -> "{\"Message\":\"Update Availability\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \"" + unique
                        + "\", \"Pad\": \"" + "x".repeat(5000) + "\"}"; // oversized
                case 18 -> "\uFEFF" + valid + "garbage";
                default -> "{" + "\"a\":[".repeat(random.nextInt(3000) + 1); // deep nesting, unterminated
            };
            byte[] payload;
            if (text == null) {
                payload = new byte[random.nextInt(600) + 1];
                random.nextBytes(payload);
                payload[0] = (byte) (random.nextBoolean() ? '{' : payload[0]);
            } else {
                payload = text.getBytes(StandardCharsets.UTF_8);
            }
            if (random.nextInt(15) == 0 && payload.length > 2) {
                payload = Arrays.copyOf(payload, payload.length);
                payload[random.nextInt(payload.length)] = (byte) 0xC3; // invalid UTF-8 somewhere
                payload[payload.length - 1] = (byte) 0xFF;
            }
            out.add(payload);
        }
        // Results for unknown topics are valid messages, not garbage: make sure none slipped in.
        for (byte[] p : out) {
            assertThat(new String(p, StandardCharsets.ISO_8859_1))
                    .isNotEqualTo(new String(ResultMessage.success(topics.uniqueTopic(1)).toDeviceBytes(),
                            StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    private static String randomText(Random random, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append((char) (random.nextInt(3) == 0 ? random.nextInt(0x250) : 0x20 + random.nextInt(0x5F)));
        }
        return b.toString();
    }

    private static String randomVersionJunk(Random random) {
        return List.of("1.x", "", "1.0", "1..0", "-1.0.0", "1.0.0.0", "99999999999.0.0", " ", "a.b.c", "1.0.0-rc1")
                .get(random.nextInt(10));
    }
}
