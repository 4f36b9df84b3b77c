package dev.otalab.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    static final Duration YEAR = Duration.ofDays(365);
    static CertificateAuthority ca;

    @BeforeAll
    static void createCa() {
        ca = CertificateAuthority.create("otalab CA", KeyType.EC_P256, CertificateAuthority.DEFAULT_CA_VALIDITY);
    }

    @Test
    void caIsASelfSignedRootForIssuingOnly() throws Exception {
        X509Certificate cert = ca.certificate();
        assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
        cert.verify(cert.getPublicKey());
        assertThat(cert.getBasicConstraints()).isEqualTo(0);
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        boolean[] usage = cert.getKeyUsage();
        assertThat(usage[5]).as("keyCertSign").isTrue();
        assertThat(usage[6]).as("cRLSign").isTrue();
        assertThat(usage[0]).as("digitalSignature").isFalse();
        assertThat(cert.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(cert.getSigAlgName()).isEqualToIgnoringCase("SHA256withECDSA");
        assertThat(Credential.commonName(cert)).isEqualTo("otalab CA");
        assertThat(Duration.between(Instant.now(), cert.getNotAfter().toInstant()).toDays()).isBetween(3649L, 3650L);
        assertThat(cert.getNotBefore().toInstant()).isBefore(Instant.now().minusSeconds(3000));
    }

    @Test
    void serverCertificateHasIpSansForAddressesAndDnsSansForNames() throws Exception {
        Credential server = ca.issueServer(ServerNames.of(List.of("127.0.0.1", "192.168.1.10", "::1"),
                List.of("localhost", "mosquitto_server")), KeyType.EC_P256, YEAR);
        X509Certificate cert = server.certificate();
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        List<String> ips = new ArrayList<>();
        List<String> dns = new ArrayList<>();
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            if (type == 7) {
                ips.add(InetAddress.getByName((String) san.get(1)).getHostAddress());
            } else if (type == 2) {
                dns.add((String) san.get(1));
            }
        }
        assertThat(ips).containsExactlyInAnyOrder("127.0.0.1", "192.168.1.10",
                InetAddress.getByName("::1").getHostAddress());
        assertThat(dns).containsExactly("localhost", "mosquitto_server").noneMatch(d -> d.startsWith("IP:"));
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(server.commonName()).isEqualTo("localhost");
        assertThat(server.keyMatchesCertificate()).isTrue();
        assertThat(validates(cert)).isTrue();
    }

    @Test
    void serverCnIsTheFirstIpWhenThereIsNoName() {
        Credential server = ca.issueServer(ServerNames.of(List.of("10.0.0.5"), List.of()), KeyType.EC_P256, YEAR);
        assertThat(server.commonName()).isEqualTo("10.0.0.5");
    }

    @Test
    void clientCertificateIsForClientAuthWithTheBoardAsCn() throws Exception {
        Credential device = ca.issueClient("APP_CY8CPROTO_062S2_43439", KeyType.EC_P256, YEAR);
        X509Certificate cert = device.certificate();
        assertThat(device.commonName()).isEqualTo("APP_CY8CPROTO_062S2_43439");
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=APP_CY8CPROTO_062S2_43439,O=otalab");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(cert.getSubjectAlternativeNames()).isNull();
        assertThat(validates(cert)).isTrue();
        assertThat(Duration.between(Instant.now(), device.notAfter()).toDays()).isBetween(364L, 365L);
    }

    @Test
    void rsaOptionMakesRsa2048KeysSignedWithSha256() {
        CertificateAuthority rsaCa = CertificateAuthority.create("rsa CA", KeyType.RSA_2048, YEAR.multipliedBy(2));
        Credential client = rsaCa.issueClient("client1", KeyType.RSA_2048, YEAR);
        assertThat(((RSAPublicKey) client.certificate().getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(client.certificate().getSigAlgName()).isEqualToIgnoringCase("SHA256withRSA");
        assertThat(client.keyType()).isEqualTo(KeyType.RSA_2048);
        assertThat(client.certificate().getKeyUsage()[2]).as("keyEncipherment for RSA key exchange").isTrue();
        // an RSA CA may issue EC certificates and the reverse
        Credential ecUnderRsa = rsaCa.issueClient("client2", KeyType.EC_P256, YEAR);
        assertThat(ecUnderRsa.certificate().getSigAlgName()).isEqualToIgnoringCase("SHA256withRSA");
        assertThat(ecUnderRsa.keyType()).isEqualTo(KeyType.EC_P256);
    }

    @Test
    void serialsAreRandomAndPositive() {
        Credential a = ca.issueClient("a", KeyType.EC_P256, YEAR);
        Credential b = ca.issueClient("a", KeyType.EC_P256, YEAR);
        assertThat(a.certificate().getSerialNumber()).isPositive().isNotEqualTo(b.certificate().getSerialNumber());
        assertThat(a.certificate().getSerialNumber().bitLength()).isEqualTo(159);
    }

    @Test
    void certificatesCannotOutliveTheCa() {
        CertificateAuthority shortCa = CertificateAuthority.create("short", KeyType.EC_P256, Duration.ofDays(10));
        assertThatThrownBy(() -> shortCa.issueClient("c", KeyType.EC_P256, Duration.ofDays(11)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outlive its CA");
        assertThatThrownBy(() -> ca.issueClient("c", KeyType.EC_P256, Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validity");
    }

    @Test
    void clientNamesMustBeSafeMqttUserNames() {
        for (String bad : List.of("", "a/b", "a+b", "#", "with space", "-lead", "x".repeat(65), "ü")) {
            assertThatThrownBy(() -> ca.issueClient(bad, KeyType.EC_P256, YEAR))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad client name");
        }
        assertThat(CertificateAuthority.checkClientName("otalab-service")).isEqualTo("otalab-service");
    }

    @Test
    void caRoundTripsThroughPemFiles(@TempDir Path dir) throws Exception {
        ca.credential().write(dir.resolve("ca.crt"), dir.resolve("ca.key"));
        CertificateAuthority again = CertificateAuthority.read(dir.resolve("ca.crt"), dir.resolve("ca.key"));
        assertThat(again.certificate()).isEqualTo(ca.certificate());
        Credential client = again.issueClient("later", KeyType.EC_P256, YEAR);
        assertThat(validates(client.certificate())).isTrue();
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("ca.key")))).isEqualTo("rw-------");
        }
    }

    @Test
    void aLeafOrAWrongKeyIsNotACa(@TempDir Path dir) throws IOException {
        Credential leaf = ca.issueClient("leaf", KeyType.EC_P256, YEAR);
        assertThatThrownBy(() -> CertificateAuthority.of(leaf)).hasMessageContaining("not a CA certificate");
        leaf.write(dir.resolve("leaf.crt"), dir.resolve("leaf.key"));
        ca.credential().write(dir.resolve("ca.crt"), dir.resolve("ca.key"));
        assertThatThrownBy(() -> CertificateAuthority.read(dir.resolve("ca.crt"), dir.resolve("leaf.key")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not the private key");
    }

    /** The same checks with OpenSSL, the TLS library under Mosquitto. */
    @Test
    void opensslAgrees(@TempDir Path dir) throws Exception {
        Credential server = ca.issueServer(ServerNames.of(List.of("127.0.0.1"), List.of("mqtt.lab")),
                KeyType.EC_P256, YEAR);
        Credential client = ca.issueClient("APP_CY8CKIT_062S2_43012", KeyType.RSA_2048, YEAR);
        Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());
        server.write(dir.resolve("server.crt"), dir.resolve("server.key"));
        client.write(dir.resolve("client.crt"), dir.resolve("client.key"));

        assertThat(openssl(dir, "verify", "-CAfile", "ca.crt", "-purpose", "sslserver", "-verify_ip", "127.0.0.1",
                "server.crt")).contains("server.crt: OK");
        assertThat(openssl(dir, "verify", "-CAfile", "ca.crt", "-purpose", "sslserver", "-verify_hostname", "mqtt.lab",
                "server.crt")).contains("server.crt: OK");
        assertThat(openssl(dir, "verify", "-CAfile", "ca.crt", "-purpose", "sslclient", "client.crt"))
                .contains("client.crt: OK");
        assertThat(openssl(dir, "x509", "-in", "server.crt", "-noout", "-ext", "subjectAltName"))
                .contains("DNS:mqtt.lab", "IP Address:127.0.0.1");
        assertThat(openssl(dir, "pkey", "-in", "server.key", "-noout", "-text")).contains("NIST CURVE: P-256");
        assertThat(openssl(dir, "rsa", "-in", "client.key", "-check", "-noout")).contains("RSA key ok");
    }

    private static boolean validates(X509Certificate cert) throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), params);
        return true;
    }

    static String openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("openssl %s: %s", String.join(" ", args), out).isZero();
        return out;
    }
}
