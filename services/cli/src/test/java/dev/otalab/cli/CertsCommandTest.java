package dev.otalab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.pki.CString;
import dev.otalab.pki.CertificateAuthority;
import dev.otalab.pki.Credential;
import dev.otalab.pki.KeyType;
import dev.otalab.pki.Pem;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertsCommandTest {

    static final String BOARD = "APP_CY8CPROTO_062S2_43439";

    @TempDir
    Path tmp;

    @Test
    void writesCaServerAndClientsAndPrintsTheCaAsACString() throws Exception {
        Path out = tmp.resolve("certs");
        CliRun run = CliRun.of("certs", "--ip", "192.168.1.10,127.0.0.1", "--dns", "mqtt.lab",
                "--client", "otalab-service", "--client", BOARD, "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        for (String file : List.of("ca.crt", "ca.key", "server.crt", "server.key", "otalab-service.crt",
                "otalab-service.key", BOARD + ".crt", BOARD + ".key")) {
            assertThat(out.resolve(file)).isRegularFile();
            assertThat(run.out()).contains(file);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("server.key"))))
                .isEqualTo("rw-------");

        CertificateAuthority ca = CertificateAuthority.read(out.resolve("ca.crt"), out.resolve("ca.key"));
        Credential server = Credential.read(out.resolve("server.crt"), out.resolve("server.key"));
        server.certificate().verify(ca.publicKey());
        assertThat(ipSans(server.certificate())).containsExactly("192.168.1.10", "127.0.0.1");
        assertThat(server.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        Credential device = Credential.read(out.resolve(BOARD + ".crt"), out.resolve(BOARD + ".key"));
        assertThat(device.commonName()).isEqualTo(BOARD);
        assertThat(device.keyType()).isEqualTo(KeyType.EC_P256);

        assertThat(run.out()).contains(CString.define("ROOT_CA_CERTIFICATE", Files.readString(out.resolve("ca.crt"))))
                .doesNotContain("CLIENT_KEY");
    }

    @Test
    void refusesToOverwriteAnExistingCa() throws Exception {
        Path out = tmp.resolve("certs");
        assertThat(CliRun.of("certs", "--ip", "10.0.0.2", "--out", out.toString()).exitCode()).isZero();
        byte[] ca = Files.readAllBytes(out.resolve("ca.crt"));
        byte[] server = Files.readAllBytes(out.resolve("server.crt"));

        CliRun again = CliRun.of("certs", "--ip", "10.0.0.3", "--out", out.toString());

        assertThat(again.exitCode()).isEqualTo(CliErrors.USAGE);
        assertThat(again.out()).isEmpty();
        assertThat(again.err().lines()).singleElement().asString()
                .startsWith("Error: " + out.resolve("ca.crt") + " exists")
                .contains("--keep-ca", "--force");
        assertThat(out.resolve("ca.crt")).hasBinaryContent(ca);
        assertThat(out.resolve("server.crt")).as("nothing else touched either").hasBinaryContent(server);
    }

    @Test
    void forceReplacesTheCaAndNamesWhatItOrphaned() throws Exception {
        Path out = tmp.resolve("certs");
        CliRun.of("certs", "--ip", "10.0.0.2", "--client", "old-client", "--out", out.toString());
        byte[] ca = Files.readAllBytes(out.resolve("ca.crt"));

        CliRun forced = CliRun.of("certs", "--ip", "10.0.0.2", "--force", "--out", out.toString());

        assertThat(forced.exitCode()).isZero();
        assertThat(Files.readAllBytes(out.resolve("ca.crt"))).isNotEqualTo(ca);
        assertThat(forced.outLines()).filteredOn(l -> l.startsWith("Note:")).singleElement().asString()
                .endsWith("no longer verify: old-client.crt");
    }

    @Test
    void keepCaIssuesMoreClientsFromTheSameCa() throws Exception {
        Path out = tmp.resolve("certs");
        CliRun.of("certs", "--dns", "mqtt.lab", "--out", out.toString());
        byte[] ca = Files.readAllBytes(out.resolve("ca.crt"));

        CliRun more = CliRun.of("certs", "--keep-ca", "--client", "APP_CY8CKIT_062S2_43012", "--rsa", "--out", out.toString());

        assertThat(more.exitCode()).as(more.err()).isZero();
        assertThat(out.resolve("ca.crt")).hasBinaryContent(ca);
        Credential kit = Credential.read(out.resolve("APP_CY8CKIT_062S2_43012.crt"), out.resolve("APP_CY8CKIT_062S2_43012.key"));
        kit.certificate().verify(Pem.readCertificate(out.resolve("ca.crt")).getPublicKey());
        assertThat(kit.keyType()).isEqualTo(KeyType.RSA_2048);
        assertThat(more.out()).contains("(kept)");
    }

    @Test
    void cStringOfAClientPrintsItsCertificateAndKey() throws Exception {
        Path out = tmp.resolve("certs");
        CliRun run = CliRun.of("certs", "--ip", "127.0.0.1", "--client", BOARD, "--c-string", BOARD, "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(CString.define("CLIENT_CERTIFICATE", Files.readString(out.resolve(BOARD + ".crt"))))
                .contains(CString.define("CLIENT_KEY", Files.readString(out.resolve(BOARD + ".key"))))
                .contains("\"-----BEGIN PRIVATE KEY-----\\n\"\\\n");

        // later, for a client made in an earlier run
        CliRun later = CliRun.of("certs", "--keep-ca", "--c-string", BOARD, "--out", out.toString());
        assertThat(later.exitCode()).as(later.err()).isZero();
        assertThat(later.out()).contains(CString.define("CLIENT_KEY", Files.readString(out.resolve(BOARD + ".key"))));
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws Exception {
        Path out = tmp.resolve("certs");
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        List<List<String>> cases = List.of(
                List.of("--ip", "IP:192.168.1.10"),
                List.of("--ip", "mqtt.lab"),
                List.of("--ip", "300.1.1.1"),
                List.of("--dns", "127.0.0.1"),
                List.of("--dns", "bad name"),
                List.of(),
                List.of("--ip", "10.0.0.1", "--client", "a/b"),
                List.of("--ip", "10.0.0.1", "--client", "ca"),
                List.of("--ip", "10.0.0.1", "--days", "0"),
                List.of("--ip", "10.0.0.1", "--c-string", "nobody"),
                List.of("--keep-ca", "--client", "x"),
                List.of("--ip", "10.0.0.1", "--keep-ca", "--force"),
                List.of("--ip", "10.0.0.1", "--days", "many"));
        for (List<String> args : cases) {
            CliRun run = CliRun.of(concat(List.of("certs", "--out", out.toString()), args));
            assertThat(run.exitCode()).as("%s", args).isEqualTo(CliErrors.USAGE);
            assertThat(run.err().lines()).as("%s: %s", args, run.err()).singleElement().asString().startsWith("Error: ");
            assertThat(out).as("%s", args).doesNotExist();
        }
        CliRun notADir = CliRun.of("certs", "--ip", "10.0.0.1", "--out", file.toString());
        assertThat(notADir.exitCode()).isEqualTo(CliErrors.USAGE);
        assertThat(notADir.err()).isEqualTo("Error: --out " + file + " is not a directory" + System.lineSeparator());
        CliRun badIp = CliRun.of("certs", "--ip", "IP:192.168.1.10", "--out", out.toString());
        assertThat(badIp.err().strip())
                .isEqualTo("Error: not an IP address: 'IP:192.168.1.10' (give the bare address, without 'IP:')");
    }

    private static List<String> ipSans(X509Certificate certificate) throws Exception {
        return certificate.getSubjectAlternativeNames().stream().filter(san -> (Integer) san.get(0) == 7)
                .map(san -> {
                    try {
                        return InetAddress.getByName((String) san.get(1)).getHostAddress();
                    } catch (java.net.UnknownHostException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
