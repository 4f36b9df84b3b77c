package dev.otalab.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.pki.CertificateAuthority;
import dev.otalab.pki.Credential;
import dev.otalab.pki.KeyType;
import dev.otalab.pki.ServerNames;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated-config broker: TLS with server verification, mutual TLS, restart, failure messages. */
class MosquittoBrokerTest {

    static Vertx vertx;
    static MosquittoBroker broker;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        broker = MosquittoBroker.builder().plain().tls().mutualTls().client("APP_CY8CPROTO_062S2_43439").start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        vertx.close();
    }

    @Test
    void filesAndPortsAreThere() throws Exception {
        assertThat(List.of(broker.plainPort(), broker.tlsPort(), broker.mutualTlsPort())).doesNotHaveDuplicates()
                .doesNotContain(1883, 8883, 8884);
        assertThat(Files.readString(broker.caCertificate())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(broker.clientKey(MosquittoBroker.SERVICE_CLIENT))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(broker.clientCredential("APP_CY8CPROTO_062S2_43439").commonName()).isEqualTo("APP_CY8CPROTO_062S2_43439");
        assertThatThrownBy(() -> broker.clientCertificate("nobody")).hasMessageContaining("no client certificate for 'nobody'");
        assertThat(Files.readString(broker.configFile())).contains("require_certificate true", "use_identity_as_username true");
    }

    @Test
    void tlsListenerAcceptsAClientThatVerifiesTheBrokerByCaAndIpSan() throws Exception {
        try (TestMqtt sub = TestMqtt.connect(vertx, TestMqtt.tls(broker.caCertificate()), broker.tlsPort());
             TestMqtt pub = TestMqtt.connect(vertx, TestMqtt.tls(broker.caCertificate()), broker.tlsPort())) {
            assertThat(sub.subscribe("t/tls")).containsExactly(1);
            pub.publish("t/tls", "over TLS");
            assertThat(sub.next().payload()).isEqualTo("over TLS");
        }
    }

    @Test
    void hostnameVerificationIsOnAndNeedsTheIpSan() throws Exception {
        // Like Infineon's script: no IP SAN for the address the client dials.
        try (MosquittoBroker dnsOnly = MosquittoBroker.builder().tls()
                .serverNames(ServerNames.of(List.of(), List.of("localhost"))).start()) {
            assertThatThrownBy(() -> TestMqtt.connect(vertx, TestMqtt.tls(dnsOnly.caCertificate()), dnsOnly.tlsPort()))
                    .hasRootCauseMessage("No subject alternative names matching IP address 127.0.0.1 found");
            MqttClientOptions noHostCheck = TestMqtt.tls(dnsOnly.caCertificate());
            noHostCheck.setHostnameVerificationAlgorithm("");
            try (TestMqtt lax = TestMqtt.connect(vertx, noHostCheck, dnsOnly.tlsPort())) {
                assertThat(lax.isConnected()).as("only the name check failed").isTrue();
            }
        }
    }

    @Test
    void aBrokerFromAnotherCaIsNotTrusted(@TempDir Path dir) throws Exception {
        CertificateAuthority other = CertificateAuthority.create("someone else", KeyType.EC_P256, Duration.ofDays(2));
        Path otherCa = dir.resolve("other-ca.crt");
        Files.writeString(otherCa, other.certificatePem());
        assertThatThrownBy(() -> TestMqtt.connect(vertx, TestMqtt.tls(otherCa), broker.tlsPort()))
                .rootCause().hasMessageContaining("unable to find valid certification path");
    }

    @Test
    void mutualTlsRefusesAClientWithoutCertificate() {
        assertThatThrownBy(() -> {
            try (TestMqtt anonymous = TestMqtt.connect(vertx, TestMqtt.tls(broker.caCertificate()), broker.mutualTlsPort())) {
                anonymous.subscribe("t/#"); // TLS 1.3: the refusal may come just after the client's handshake
            }
        }).hasMessageContaining("Closed");
        assertThat(broker.log()).containsIgnoringCase("peer did not return a certificate");
    }

    @Test
    void mutualTlsRefusesACertificateFromAnotherCa(@TempDir Path dir) throws Exception {
        CertificateAuthority other = CertificateAuthority.create("someone else", KeyType.EC_P256, Duration.ofDays(2));
        Credential stranger = other.issueClient(MosquittoBroker.SERVICE_CLIENT, KeyType.EC_P256, Duration.ofDays(1));
        stranger.write(dir.resolve("s.crt"), dir.resolve("s.key"));
        assertThatThrownBy(() -> {
            try (TestMqtt s = TestMqtt.connect(vertx, TestMqtt.mutualTls(broker.caCertificate(), dir.resolve("s.crt"),
                    dir.resolve("s.key")), broker.mutualTlsPort())) {
                s.subscribe("t/#");
            }
        }).isNotNull();
        assertThat(broker.log()).contains("certificate verify failed");
    }

    @Test
    void mutualTlsAcceptsAClientWithACertificate() throws Exception {
        try (TestMqtt service = TestMqtt.connect(vertx, TestMqtt.mutualTls(broker, MosquittoBroker.SERVICE_CLIENT),
                broker.mutualTlsPort());
             TestMqtt device = TestMqtt.connect(vertx, TestMqtt.mutualTls(broker, "APP_CY8CPROTO_062S2_43439"),
                     broker.mutualTlsPort())) {
            service.subscribe("t/mtls");
            device.publish("t/mtls", "hello from the kit");
            assertThat(service.next().payload()).isEqualTo("hello from the kit");
        }
        assertThat(broker.log()).contains("u'APP_CY8CPROTO_062S2_43439'"); // the CN is the user name
    }

    @Test
    void rsaCertificatesWorkToo() throws Exception {
        try (MosquittoBroker rsa = MosquittoBroker.builder().mutualTls().keyType(KeyType.RSA_2048).start();
             TestMqtt client = TestMqtt.connect(vertx, TestMqtt.mutualTls(rsa, MosquittoBroker.SERVICE_CLIENT),
                     rsa.mutualTlsPort())) {
            assertThat(client.subscribe("t/rsa")).containsExactly(1);
        }
    }

    @Test
    void restartKeepsThePortsAndDropsTheClients() throws Exception {
        try (MosquittoBroker chaos = MosquittoBroker.builder().start()) {
            int plain = chaos.plainPort();
            int tls = chaos.tlsPort();
            int mtls = chaos.mutualTlsPort();
            TestMqtt before = TestMqtt.connect(vertx, TestMqtt.plain(), plain);

            chaos.restart();

            assertThat(before.closed.await(10, TimeUnit.SECONDS)).as("old connection dropped").isTrue();
            assertThat(List.of(chaos.plainPort(), chaos.tlsPort(), chaos.mutualTlsPort())).containsExactly(plain, tls, mtls);
            try (TestMqtt a = TestMqtt.connect(vertx, TestMqtt.plain(), plain);
                 TestMqtt b = TestMqtt.connect(vertx, TestMqtt.tls(chaos.caCertificate()), tls);
                 TestMqtt c = TestMqtt.connect(vertx, TestMqtt.mutualTls(chaos, MosquittoBroker.SERVICE_CLIENT), mtls)) {
                a.subscribe("t/after");
                c.publish("t/after", "back");
                assertThat(a.next().payload()).isEqualTo("back");
            }

            chaos.stop();
            assertThat(chaos.isRunning()).isFalse();
            assertThatThrownBy(() -> TestMqtt.connect(vertx, TestMqtt.plain(), plain)).isNotNull();
            chaos.start();
            try (TestMqtt again = TestMqtt.connect(vertx, TestMqtt.plain(), plain)) {
                assertThat(again.isConnected()).isTrue();
            }
            assertThat(chaos.log()).contains("running"); // three runs logged in one file
        }
    }

    @Test
    void closeStopsTheProcessAndRemovesTheFiles() {
        MosquittoBroker b = MosquittoBroker.builder().plain().start();
        Path dir = b.directory();
        b.close();
        assertThat(b.isRunning()).isFalse();
        assertThat(dir).doesNotExist();
        assertThatThrownBy(b::tlsPort).hasMessageContaining("no tls listener");
    }

    @Test
    void aMissingMosquittoIsAClearError() {
        assertThatThrownBy(() -> MosquittoBroker.builder().executable(Path.of("/nonexistent/mosquitto")).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("mosquitto is not installed: /nonexistent/mosquitto is not an executable file");
        assertThat(MosquittoBroker.isInstalled()).isTrue();
    }

    @Test
    void aBadConfigLineIsReportedWithMosquittosOwnMessage() {
        assertThatThrownBy(() -> MosquittoBroker.builder().plain().config("no_such_option 1").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mosquitto exited while starting")
                .hasMessageContaining("no_such_option");
    }
}
