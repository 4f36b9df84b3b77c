package dev.otalab.emulator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.emulator.config.EmulatorConfig;
import dev.otalab.emulator.config.OtaSettings;
import dev.otalab.emulator.ota.OtaConfig;
import dev.otalab.labapi.dto.OtaOverrides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code otalab.emulator.ota.*}: what a bad setting says at start-up, and each board's configuration. */
class OtaSettingsTest {

    @TempDir
    Path dir;

    /** The mapping from property names (the part after {@code otalab.emulator.ota.}) to values. */
    static EmulatorConfig.Ota ota(Map<String, String> p) {
        return new EmulatorConfig.Ota() {
            Optional<String> s(String k) { return Optional.ofNullable(p.get(k)); }
            Optional<Path> path(String k) { return s(k).map(Path::of); }
            Optional<Duration> d(String k) { return s(k).map(Duration::parse); }
            @Override public Optional<String> host() { return s("host"); }
            @Override public int port() { return Integer.parseInt(p.getOrDefault("port", "8884")); }
            @Override public Optional<Boolean> tls() { return s("tls").map(Boolean::parseBoolean); }
            @Override public Optional<Path> caFile() { return path("ca-file"); }
            @Override public Optional<Path> clientCert() { return path("client-cert"); }
            @Override public Optional<Path> clientKey() { return path("client-key"); }
            @Override public Optional<Path> certDir() { return path("cert-dir"); }
            @Override public boolean verifyHostname() { return true; }
            @Override public String topicPrepend() { return p.getOrDefault("topic-prepend", "MyUniqueTopic"); }
            @Override public Optional<String> serialNumber() { return s("serial-number"); }
            @Override public Optional<String> manufacturer() { return s("manufacturer"); }
            @Override public Optional<String> manufacturerId() { return Optional.empty(); }
            @Override public Optional<String> productId() { return Optional.empty(); }
            @Override public Optional<String> boardName() { return Optional.empty(); }
            @Override public Optional<Duration> initialCheck() { return d("initial-check"); }
            @Override public Optional<Duration> nextCheck() { return d("next-check"); }
            @Override public Optional<Duration> retry() { return Optional.empty(); }
            @Override public Optional<Duration> jobWait() { return Optional.empty(); }
            @Override public Optional<Duration> dataTimeout() { return Optional.empty(); }
            @Override public Optional<Duration> rebootDelay() { return Optional.empty(); }
        };
    }

    Path pem(String name, String label) throws Exception {
        return Files.writeString(dir.resolve(name), "-----BEGIN " + label + "-----\nAAAA\n-----END " + label + "-----\n");
    }

    static String error(Map<String, String> p) {
        try {
            OtaSettings.from(ota(p));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted " + p);
    }

    @Test
    void withoutAHostOtaIsOff() {
        assertThat(OtaSettings.from(ota(Map.of()))).isEmpty();
    }

    @Test
    void eachBadSettingIsNamed() throws Exception {
        String ca = pem("ca.crt", "CERTIFICATE").toString();
        assertThat(error(Map.of("ca-file", ca)))
                .isEqualTo("otalab.emulator.ota.host: is required when other otalab.emulator.ota.* settings are given");
        assertThat(error(Map.of("host", "127.0.0.1")))
                .isEqualTo("otalab.emulator.ota.*: port 8884 means TLS: a caCertificate is required");
        assertThat(error(Map.of("host", "127.0.0.1", "ca-file", dir.resolve("missing.crt").toString())))
                .startsWith("otalab.emulator.ota.ca-file: cannot read " + dir.resolve("missing.crt"));
        assertThat(error(Map.of("host", "127.0.0.1", "ca-file", pem("key.pem", "PRIVATE KEY").toString())))
                .isEqualTo("otalab.emulator.ota.ca-file: " + dir.resolve("key.pem") + " holds no PEM CERTIFICATE");
        assertThat(error(Map.of("host", "127.0.0.1", "ca-file", ca, "client-cert", ca)))
                .isEqualTo("otalab.emulator.ota.client-cert, otalab.emulator.ota.client-key: give both or neither");
        assertThat(error(Map.of("host", "127.0.0.1", "ca-file", ca, "client-key", ca)))
                .isEqualTo("otalab.emulator.ota.client-key: " + ca + " holds no PEM PRIVATE KEY");
        assertThat(error(Map.of("host", "127.0.0.1", "ca-file", ca, "port", "70000")))
                .isEqualTo("otalab.emulator.ota.port: must be 1..65535, got 70000");
        assertThat(error(Map.of("host", "127.0.0.1", "ca-file", ca, "initial-check", "PT0S")))
                .isEqualTo("otalab.emulator.ota.initial-check: must be at least 1 ms, got PT0S");
        assertThat(error(Map.of("host", "127.0.0.1", "ca-file", ca, "cert-dir", dir.resolve("nope").toString())))
                .isEqualTo("otalab.emulator.ota.cert-dir: " + dir.resolve("nope") + " is not a directory");
        assertThat(error(Map.of("host", "127.0.0.1", "port", "1883", "topic-prepend", "a+b")))
                .startsWith("otalab.emulator.ota.*: ");
    }

    @Test
    void aBadSettingStopsTheRegistryFromStarting() throws Exception {
        EmulatorConfig bad = new EmulatorConfig() {
            @Override public Optional<Path> flashmapDir() { return Optional.empty(); }
            @Override public Optional<List<Path>> trustedKey() { return Optional.empty(); }
            @Override public Optional<List<String>> boards() { return Optional.empty(); }
            @Override public String defaultKit() { return "CY8CPROTO-062-4343W"; }
            @Override public int schedulerThreads() { return 1; }
            @Override public int cpuThreads() { return 1; }
            @Override public long watchdogMs() { return 4000; }
            @Override public EmulatorConfig.Ota ota() { return OtaSettingsTest.ota(Map.of("host", "broker")); }
        };
        assertThatThrownBy(() -> new BoardRegistry(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("otalab.emulator.ota.*: port 8884 means TLS: a caCertificate is required");
    }

    @Test
    void eachBoardGetsItsBoardStringSerialAndTheCertificateOfItsBoardString() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Path crt = pem("certs/APP_X.crt", "CERTIFICATE");
        Path key = pem("certs/APP_X.key", "PRIVATE KEY");
        Path ca = pem("ca.crt", "CERTIFICATE");
        OtaSettings s = OtaSettings.from(ota(Map.of("host", "127.0.0.1", "ca-file", ca.toString(),
                "client-cert", ca.toString(), "client-key", key.toString(), "cert-dir", certs.toString(),
                "serial-number", "LAB-{id}", "manufacturer", "otalab", "next-check", "PT2S"))).orElseThrow();

        OtaConfig byKit = s.forBoard("emu-1", "CY8CPROTO-062S2-43439", null);
        assertThat(byKit.board()).isEqualTo("APP_CY8CPROTO_062S2_43439");
        assertThat(byKit.identity().serialNumber()).isEqualTo("LAB-emu-1");
        assertThat(byKit.identity().manufacturer()).isEqualTo("otalab");
        assertThat(byKit.clientCertificate()).as("no APP_CY8CPROTO_062S2_43439.crt: the common one").isEqualTo(ca);
        assertThat(byKit.clientIdentifier()).isEqualTo("emu-1");
        assertThat(byKit.timers().nextCheckMs()).isEqualTo(2000);

        OtaConfig given = s.forBoard("emu-2", "CY8CPROTO-062S2-43439",
                new OtaOverrides("APP_X", "SN-9", null, "ID-1", null, null, "dev"));
        assertThat(given.board()).isEqualTo("APP_X");
        assertThat(given.clientCertificate()).isEqualTo(crt);
        assertThat(given.clientKey()).isEqualTo(key);
        assertThat(given.identity().serialNumber()).isEqualTo("SN-9");
        assertThat(given.identity().manufacturerId()).isEqualTo("ID-1");
        assertThat(given.clientIdentifier()).isEqualTo("dev");

        assertThatThrownBy(() -> s.forBoard("emu-3", "K", new OtaOverrides("A+B", null, null, null, null, null, null)))
                .hasMessageStartingWith("ota.board: ");
        assertThatThrownBy(() -> s.forBoard("emu-3", "K", new OtaOverrides(null, "", null, null, null, null, null)))
                .hasMessageStartingWith("ota.serialNumber: must be 1..64 printable ASCII");
    }
}
