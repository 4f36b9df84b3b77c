package dev.otalab.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.pki.Credential;
import dev.otalab.pki.KeyType;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/mosquitto/mosquitto.conf and deploy/mosquitto/acl, run as they are (ports moved): who may
 * use which OTA topic (spec section 3), the device will, and the per-client queue limits.
 */
class DeployConfigTest {

    static final String PREPEND = "MyUniqueTopic";
    static final String BOARD_A = "APP_CY8CPROTO_062S2_43439";
    static final String BOARD_B = "APP_CY8CKIT_062S2_43012";
    static final String AGENT = "rack1-pi1";
    static final Duration QUIET = Duration.ofMillis(300);

    static Vertx vertx;
    static MosquittoBroker broker;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        broker = MosquittoBroker.builder().deployConfig().client(BOARD_A, BOARD_B, AGENT).start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        vertx.close();
    }

    static String topic(String board, String rest) {
        return PREPEND + "/" + board + "/" + rest;
    }

    static TestMqtt mtls(String cn) throws Exception {
        return TestMqtt.connect(vertx, TestMqtt.mutualTls(broker, cn), broker.mutualTlsPort());
    }

    @Test
    void theDeploymentConfigRunsWithOnlyItsPortsChanged() throws Exception {
        String deployed = MosquittoBroker.resource("mosquitto.conf");
        String running = Files.readString(broker.configFile());
        assertThat(running).contains("listener " + broker.plainPort() + " 127.0.0.1",
                "listener " + broker.tlsPort() + " 127.0.0.1", "listener " + broker.mutualTlsPort() + " 127.0.0.1");
        assertThat(withoutListenerLines(running)).contains(withoutListenerLines(deployed));
        assertThat(deployed).contains("max_queued_messages 1024", "max_inflight_messages 20", "persistence false",
                "require_certificate true", "use_identity_as_username true");
        assertThat(broker.log()).contains("running").doesNotContain("Error:");
    }

    private static String withoutListenerLines(String conf) {
        return conf.replaceAll("(?m)^listener .*$", "listener");
    }

    @Test
    void aDeviceReachesTheServiceOnlyOnItsOwnRequestTopic() throws Exception {
        try (TestMqtt service = mtls(MosquittoBroker.SERVICE_CLIENT); TestMqtt device = mtls(BOARD_A)) {
            service.subscribe("+/+/publish_notify");
            device.publish(topic(BOARD_B, "publish_notify"), "{\"Message\":\"Update Availability\"} forged for B");
            device.publish(topic(BOARD_A, "publish_notify"), "{\"Message\":\"Update Availability\"}");
            TestMqtt.Message got = service.next();
            assertThat(got.topic()).isEqualTo(topic(BOARD_A, "publish_notify"));
            assertThat(service.next(QUIET)).as("the forged request was dropped").isNull();
        }
    }

    @Test
    void aDeviceReceivesOnlyItsOwnBoardsJobsAndChunks() throws Exception {
        try (TestMqtt service = mtls(MosquittoBroker.SERVICE_CLIENT);
             TestMqtt deviceA = mtls(BOARD_A);
             TestMqtt deviceB = mtls(BOARD_B)) {
            // Mosquitto 2.0 grants any SUBSCRIBE; the ACL's "read" decides what is then delivered.
            deviceA.subscribe(PREPEND + "/+/OTAImage", PREPEND + "/+/OTAImage/+");
            deviceB.subscribe(topic(BOARD_B, "OTAImage"), topic(BOARD_B, "OTAImage/4660"), topic(BOARD_A, "OTAImage/4660"));
            service.publish(topic(BOARD_B, "OTAImage/4660"), "job for B");
            service.publish(topic(BOARD_B, "OTAImage"), "direct for B");
            service.publish(topic(BOARD_A, "OTAImage/4660"), "job for A");
            service.publish(topic(BOARD_A, "OTAImage"), "direct for A");

            assertThat(List.of(deviceA.next().payload(), deviceA.next().payload())).containsExactly("job for A", "direct for A");
            assertThat(deviceA.next(QUIET)).isNull();
            assertThat(List.of(deviceB.next().payload(), deviceB.next().payload())).containsExactly("job for B", "direct for B");
            assertThat(deviceB.next(QUIET)).isNull();
        }
    }

    @Test
    void aDeviceCannotPlayTheServerEvenForItsOwnBoard() throws Exception {
        try (TestMqtt service = mtls(MosquittoBroker.SERVICE_CLIENT); TestMqtt device = mtls(BOARD_A)) {
            service.subscribe("+/+/OTAImage", "+/+/OTAImage/+", "+/+/publish_notify");
            device.publish(topic(BOARD_A, "OTAImage/4660"), "fake job document");
            device.publish(topic(BOARD_A, "OTAImage"), "fake direct");
            device.publish(topic(BOARD_A, "publish_notify"), "marker");
            assertThat(service.next().payload()).isEqualTo("marker");
            assertThat(service.next(QUIET)).isNull();
        }
    }

    @Test
    void aCertificateForAnUnknownNameGetsNoOtaTopic(@TempDir Path dir) throws Exception {
        Credential stranger = broker.certificateAuthority().issueClient("lab-laptop", KeyType.EC_P256, Duration.ofDays(1));
        stranger.write(dir.resolve("s.crt"), dir.resolve("s.key"));
        MqttClientOptions options = TestMqtt.mutualTls(broker.caCertificate(), dir.resolve("s.crt"), dir.resolve("s.key"));
        try (TestMqtt service = mtls(MosquittoBroker.SERVICE_CLIENT);
             TestMqtt laptop = TestMqtt.connect(vertx, options, broker.mutualTlsPort());
             TestMqtt device = mtls(BOARD_A)) {
            service.subscribe("+/+/publish_notify");
            laptop.subscribe("#");
            laptop.publish(topic(BOARD_A, "publish_notify"), "from the laptop");
            device.publish(topic(BOARD_A, "publish_notify"), "from the device");
            assertThat(service.next().payload()).isEqualTo("from the device");
            assertThat(laptop.next(QUIET)).as("reads nothing either").isNull();
        }
    }

    @Test
    void theDevicesWillReachesTheServices() throws Exception {
        try (TestMqtt service = mtls(MosquittoBroker.SERVICE_CLIENT)) {
            service.subscribe(RawDevice.WILL_TOPIC);
            RawDevice device = RawDevice.connect(broker, BOARD_A, "CY_IOT_DEVICE51234");
            device.dropWithoutDisconnect();
            TestMqtt.Message will = service.next();
            assertThat(will.topic()).isEqualTo("cy_ota_device/will");
            assertThat(will.payload()).isEqualTo("MQTT demo unexpectedly disconnected.");
        }
    }

    @Test
    void aLabAgentPublishesOnlyItsOwnPresence() throws Exception {
        try (TestMqtt service = mtls(MosquittoBroker.SERVICE_CLIENT); TestMqtt agent = mtls(AGENT)) {
            service.subscribe("otalab/agents/+/status");
            agent.publish("otalab/agents/rack1-pi2/status", "offline");
            agent.publish("otalab/agents/" + AGENT + "/status", "online");
            TestMqtt.Message presence = service.next();
            assertThat(presence.topic()).isEqualTo("otalab/agents/" + AGENT + "/status");
            assertThat(presence.payload()).isEqualTo("online");
            assertThat(service.next(QUIET)).isNull();
        }
    }

    @Test
    void anonymousTlsClientsMayActAsADeviceButNotAsTheServer() throws Exception {
        try (TestMqtt service = mtls(MosquittoBroker.SERVICE_CLIENT);
             TestMqtt kit = TestMqtt.connect(vertx, TestMqtt.tls(broker.caCertificate()), broker.tlsPort())) {
            service.subscribe("+/+/publish_notify", "+/+/OTAImage/+");
            kit.subscribe(topic(BOARD_B, "OTAImage/+"));
            kit.publish(topic(BOARD_B, "OTAImage/7"), "fake job document");
            kit.publish(topic(BOARD_B, "publish_notify"), "request");
            assertThat(service.next().payload()).isEqualTo("request");
            assertThat(service.next(QUIET)).isNull();
            service.publish(topic(BOARD_B, "OTAImage/7"), "job");
            assertThat(kit.next().payload()).isEqualTo("job");
        }
    }

    @Test
    void thePlainLoopbackListenerHasNoAcl() throws Exception {
        try (TestMqtt a = TestMqtt.connect(vertx, TestMqtt.plain(), broker.plainPort());
             TestMqtt b = TestMqtt.connect(vertx, TestMqtt.plain(), broker.plainPort())) {
            a.subscribe("#");
            b.publish(topic(BOARD_B, "OTAImage/1"), "debugging");
            assertThat(a.next().payload()).isEqualTo("debugging");
        }
    }

    /**
     * The measured failure (spec, "Measured behaviour"): QoS 1 PUBACKs reach the sender while the
     * broker silently drops what a slow subscriber cannot take. A stalled device that has not
     * acknowledged anything must still get all 1,040 chunk-sized messages with the deployment's
     * limits (two images of the largest 2 MiB slot, plus margin); with Mosquitto's defaults it loses some.
     */
    @Test
    void aStalledDeviceLosesNoChunksWithTheDeploymentLimits() throws Exception {
        assertThat(deliveredToAStalledDevice(broker, 1040)).isEqualTo(1040);
        assertThat(broker.log()).doesNotContain("dropped");

        try (MosquittoBroker defaults = MosquittoBroker.builder().mutualTls().client(BOARD_A).start()) {
            assertThat(deliveredToAStalledDevice(defaults, 1040)).as("Mosquitto defaults: 20 in flight + 1000 queued")
                    .isEqualTo(1020);
            assertThat(defaults.log()).contains("Outgoing messages are being dropped for client");
        }
    }

    private static int deliveredToAStalledDevice(MosquittoBroker target, int count) throws Exception {
        String chunkTopic = topic(BOARD_A, "OTAImage/4660");
        MqttClientOptions deviceOptions = TestMqtt.mutualTls(target, BOARD_A);
        deviceOptions.setAutoAck(false);
        Buffer chunk = Buffer.buffer(new byte[32 + 4096]);
        try (TestMqtt device = TestMqtt.connect(vertx, deviceOptions, target.mutualTlsPort());
             TestMqtt service = TestMqtt.connect(vertx, TestMqtt.mutualTls(target, MosquittoBroker.SERVICE_CLIENT),
                     target.mutualTlsPort())) {
            device.subscribe(chunkTopic);
            for (int i = 0; i < count; i++) {
                service.publish(chunkTopic, chunk); // PUBACK from the broker, whatever the device does
            }
            List<TestMqtt.Message> received = new ArrayList<>();
            for (TestMqtt.Message m = device.next(Duration.ofSeconds(2)); m != null; m = device.next(Duration.ofSeconds(1))) {
                received.add(m);
                m.raw().ack(); // the device catches up now
            }
            return received.size();
        }
    }
}
