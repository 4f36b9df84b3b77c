package dev.otalab.e2e;

import static dev.otalab.e2e.E2eLab.LONG;
import static dev.otalab.e2e.E2eLab.SWAP_MAP;
import static dev.otalab.e2e.E2eLab.await;
import static dev.otalab.e2e.E2eLab.diag;
import static dev.otalab.e2e.E2eLab.runs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.e2e.E2eLab.Use;
import dev.otalab.emulator.kit.VirtualKit;
import dev.otalab.emulator.ota.OtaCounters;
import dev.otalab.labapi.FlashTarget;
import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.labapi.dto.ImageFormat;
import dev.otalab.stack.client.ImageStoreClient.StoredImage;
import dev.otalab.stack.client.ServiceCallException;
import dev.otalab.stack.client.SigningClient.SignedImage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chaos through the real services: the broker restarted in the middle of a download, and a flood of
 * malformed device messages. In both cases a kit must still end up running the offered update, with
 * MCUboot's hash and signature check passing, and no service process may have died.
 */
class OtaChaosE2ETest {

    static final String RUN = E2eLab.newRun();
    static final String RESTART_BOARD = E2eLab.board(RUN, "RESTART");
    static final String FLOOD_BOARD = E2eLab.board(RUN, "FLOOD");

    static E2eLab lab;
    static final List<String> digests = new ArrayList<>();

    @BeforeAll
    static void startBackend() {
        lab = new E2eLab("OtaChaosE2ETest", b -> b, RESTART_BOARD, FLOOD_BOARD);
    }

    @AfterEach
    void closeKits() throws InterruptedException {
        lab.closeKits();
    }

    @AfterAll
    static void stopBackend() throws Exception {
        if (lab == null) {
            return;
        }
        try {
            for (String board : List.of(RESTART_BOARD, FLOOD_BOARD)) {
                lab.backend.jobs().deleteJob(board);
            }
            for (String d : digests) {
                try {
                    lab.backend.images().delete(d);
                } catch (ServiceCallException e) {
                    // already gone
                }
            }
        } finally {
            lab.close();
        }
    }

    VirtualKit offeredKit(String board, String serial, int updateBytes) {
        SignedImage app100 = lab.sign("1.0.0", null, 16_000, Use.PRIMARY);
        StoredImage update = lab.backend.images().upload(board, lab.sign("1.1.0", "{\"blinkMs\":100}", updateBytes, Use.OTA).bytes());
        digests.add(update.digest());
        lab.backend.jobs().putJob(board, update.digest());
        VirtualKit kit = lab.kit("e2e-" + serial.toLowerCase(), SWAP_MAP, BootloaderKind.MCUBOOT,
                lab.mutualTls(board, serial).build(), 4000);
        kit.program(FlashTarget.ofArea("primary"), app100.bytes(), ImageFormat.BIN);
        return kit;
    }

    @Test
    void aBrokerRestartMidDownloadIsRetriedAndMcubootAcceptsTheImage() throws Exception {
        VirtualKit kit = offeredKit(RESTART_BOARD, "SN-E2E-RESTART", 1_200_000);
        CompletableFuture<Void> restarted = new CompletableFuture<>();
        AtomicBoolean triggered = new AtomicBoolean();
        // the listener must not block the kit: the restart runs on another thread
        kit.subscribe(0, line -> {
            if (line.text().startsWith("[OTA] Downloaded 25%") && triggered.compareAndSet(false, true)) {
                CompletableFuture.runAsync(() -> {
                    lab.backend.broker().restart();
                    restarted.complete(null);
                });
            }
        });

        kit.powerOn();
        restarted.get(60, TimeUnit.SECONDS);
        await("the 1.1.0 app", LONG, () -> runs(kit, "1.1.0"), () -> diag(kit));

        OtaCounters c = kit.otaStatus().counters();
        assertThat(c.attemptsFailed() + c.connectFailures()).as("the restart cost an attempt").isGreaterThanOrEqualTo(1);
        assertThat(c.updatesPending()).isEqualTo(1);
        assertInOrder(kit.uartTexts(0),
                "[OTA] Downloaded 25%",
                "[OTA] Download attempt 1 of 3 failed: connection lost",
                "[OTA] Download complete: 1",
                "[INF] Swap type: test",
                "[INF] User Application validated successfully",
                "TEST Application: OTA Update version: 1.1.0");
        assertThat(kit.uartTexts(0)).noneMatch(l -> l.contains("[ERR]") || l.contains("not valid"));
        assertThat(kit.slots().get(0).version()).isEqualTo("1.1.0");
        assertThat(lab.backend.deadServices()).isEmpty();
    }

    @Test
    void fiveHundredMalformedMessagesLeaveBothServicesAnswering() throws Exception {
        String topic = lab.backend.topicPrepend() + "/" + FLOOD_BOARD + "/publish_notify";
        List<byte[]> junk = junk(500, new Random(RUN.hashCode()));
        publishAll(topic, junk);

        // a well-formed kit afterwards: job-service offers, image-store streams, MCUboot installs
        VirtualKit kit = offeredKit(FLOOD_BOARD, "SN-E2E-FLOOD", 60_000);
        kit.powerOn();
        await("the 1.1.0 app", LONG, () -> runs(kit, "1.1.0"), () -> diag(kit));
        assertThat(kit.uartTexts(0)).noneMatch(l -> l.contains("[ERR]") || l.contains("not valid"));
        assertThat(lab.backend.deadServices()).isEmpty();

        // both saw the junk and refused it rather than choking on it
        String jobsMetrics = metrics(lab.backend.jobs().baseUrl());
        String imageMetrics = metrics(lab.backend.images().baseUrl());
        assertThat(counter(jobsMetrics, "otalab_device_messages_total", "type=\"malformed\"")).isGreaterThan(100);
        assertThat(counter(imageMetrics, "otalab_ota_requests_total", "kind=\"malformed\"")).isGreaterThan(100);
    }

    /** Lines starting with each prefix, in this order. */
    static void assertInOrder(List<String> lines, String... prefixes) {
        int from = 0;
        for (String prefix : prefixes) {
            int at = from;
            while (at < lines.size() && !lines.get(at).startsWith(prefix)) {
                at++;
            }
            assertThat(at).as("a line starting with '%s' after line %d of:\n%s", prefix, from, String.join("\n", lines))
                    .isLessThan(lines.size());
            from = at + 1;
        }
    }

    /** Messages of random shape: bad JSON, wrong types, unknown Message, oversized, binary, foreign topics, empty. */
    static List<byte[]> junk(int count, Random random) {
        List<byte[]> out = new ArrayList<>();
        String[] messages = {"Update Availability", "Request Update", "Request Data Chunk", "Success", "Failure"};
        for (int i = 0; i < count; i++) {
            String m = messages[random.nextInt(messages.length)];
            byte[] payload = switch (i % 10) {
                case 0 -> ("{\"Message\":\"" + m + "\", \"Version\": ").getBytes(StandardCharsets.UTF_8); // cut JSON
                case 1 -> ("{\"Message\": " + random.nextInt() + ", \"UniqueTopicName\": [1,2]}").getBytes(StandardCharsets.UTF_8);
                case 2 -> ("{\"Message\":\"Gimme " + random.nextInt(1000) + "\", \"UniqueTopicName\": \"x\"}").getBytes(StandardCharsets.UTF_8);
                case 3 -> ("{\"Message\":\"" + m + "\", \"Version\": \"" + "9".repeat(5000 + random.nextInt(60_000))
                        + "\"}").getBytes(StandardCharsets.UTF_8); // oversized
                case 4 -> {
                    byte[] b = new byte[1 + random.nextInt(3000)];
                    random.nextBytes(b);
                    yield b; // binary
                }
                case 5 -> ("{\"Message\":\"" + m + "\", \"Version\": \"1.0.0\", \"UniqueTopicName\": "
                        + "\"MyUniqueTopic/APP_SOMEONE_ELSE/OTAImage/7\", \"Offset\": \"0\", \"Size\": \"4096\"}")
                        .getBytes(StandardCharsets.UTF_8); // another board's unique topic
                case 6 -> ("{\"Message\":\"" + m + "\", \"Version\": 1.5, \"Offset\": \"-9\", \"Size\": {}, "
                        + "\"UniqueTopicName\": null}").getBytes(StandardCharsets.UTF_8); // wrong types
                case 7 -> new byte[0];
                case 8 -> "[\"Update Availability\"]".getBytes(StandardCharsets.UTF_8);
                default -> ("{\"Message\":\"" + m + "\", \"UniqueTopicName\": \"MyUniqueTopic/" + "B".repeat(300)
                        + "/OTAImage/99999999\"}").getBytes(StandardCharsets.UTF_8);
            };
            out.add(payload);
        }
        return out;
    }

    /** Publishes every payload at QoS 1 as an anonymous device on the TLS listener and waits for every PUBACK. */
    static void publishAll(String topic, List<byte[]> payloads) throws Exception {
        MqttClientOptions options = new MqttClientOptions().setClientId("e2e-flood-" + RUN).setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
                .setTrustOptions(new PemTrustOptions().addCertPath(lab.backend.broker().caCertificate().toString()))
                .setMaxInflightQueue(payloads.size()).setMaxMessageSize(128 * 1024);
        MqttClient client = MqttClient.create(lab.network.vertx(), options);
        client.connect(lab.backend.broker().tlsPort(), lab.backend.broker().host()).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        CountDownLatch acked = new CountDownLatch(payloads.size());
        client.publishCompletionHandler(id -> acked.countDown());
        for (byte[] p : payloads) {
            client.publish(topic, Buffer.buffer(p), MqttQoS.AT_LEAST_ONCE, false, false);
        }
        assertThat(acked.await(60, TimeUnit.SECONDS)).as("the broker took every message").isTrue();
        client.disconnect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static String metrics(String baseUrl) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The value of a Prometheus counter line whose labels contain {@code label}, 0 when absent. */
    static double counter(String metrics, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
        double total = 0;
        while (m.find()) {
            if (m.group(1).contains(label)) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
