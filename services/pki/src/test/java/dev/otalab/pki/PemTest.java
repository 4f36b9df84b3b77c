package dev.otalab.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

    @Test
    void writesLfSixtyFourColumnPkcs8AndReadsItBack() {
        CertificateAuthority ca = CertificateAuthority.create("pem CA", KeyType.EC_P256, Duration.ofDays(30));
        String certPem = ca.certificatePem();
        String keyPem = ca.credential().privateKeyPem();
        assertThat(certPem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n")
                .doesNotContain("\r");
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(certPem.lines().skip(1).filter(l -> !l.startsWith("-----"))).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(64));
        assertThat(Pem.readCertificate(certPem)).isEqualTo(ca.certificate());
        assertThat(Pem.readPrivateKey(keyPem).getEncoded()).isEqualTo(ca.credential().privateKey().getEncoded());
        assertThat(Pem.readCertificates(certPem + certPem)).hasSize(2);
    }

    @Test
    void readsTraditionalKeyFormatsFromOpenssl(@TempDir Path dir) throws Exception {
        CertificateAuthorityTest.openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key");
        CertificateAuthorityTest.openssl(dir, "genrsa", "-traditional", "-out", "rsa.key", "2048");
        assertThat(Files.readString(dir.resolve("ec.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("rsa.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        PrivateKey ec = Pem.readPrivateKey(dir.resolve("ec.key"));
        PrivateKey rsa = Pem.readPrivateKey(dir.resolve("rsa.key"));
        assertThat(ec.getAlgorithm()).isIn("EC", "ECDSA");
        assertThat(rsa.getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void opensslReadsOurKeys(@TempDir Path dir) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("pem CA", KeyType.EC_P256, Duration.ofDays(30));
        PemFiles.writePrivate(dir.resolve("k.pem"), ca.credential().privateKeyPem());
        // the EC key carries its public point, as OpenSSL's own PKCS#8 keys do
        assertThat(CertificateAuthorityTest.openssl(dir, "pkey", "-in", "k.pem", "-noout", "-text")).contains("pub:");
    }

    @Test
    void encryptedGarbageAndMissingBlocksAreRefused(@TempDir Path dir) throws Exception {
        CertificateAuthorityTest.openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-aes-128-cbc", "-pass", "pass:secret", "-out", "enc.key");
        assertThatThrownBy(() -> Pem.readPrivateKey(dir.resolve("enc.key")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encrypted");
        assertThatThrownBy(() -> Pem.readCertificate("hello")).hasMessageContaining("no PEM certificate");
        assertThatThrownBy(() -> Pem.readPrivateKey("hello")).hasMessageContaining("no PEM private key");
        assertThatThrownBy(() -> Pem.readCertificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed");
        Files.write(dir.resolve("bin.der"), new byte[] {0x30, (byte) 0x82, (byte) 0xff, 0x00});
        assertThatThrownBy(() -> Pem.readCertificate(dir.resolve("bin.der"))).hasMessageContaining("no PEM certificate");
    }
}
