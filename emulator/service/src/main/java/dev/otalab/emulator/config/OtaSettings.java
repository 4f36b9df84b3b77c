package dev.otalab.emulator.config;

import dev.otalab.emulator.ota.OtaConfig;
import dev.otalab.emulator.ota.OtaTimers;
import dev.otalab.labapi.dto.OtaOverrides;
import dev.otalab.ota.DeviceIdentity;
import dev.otalab.ota.OtaProtocolException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code otalab.emulator.ota.*} checked once at start-up and turned into each board's
 * {@link OtaConfig}. Every problem is an {@link IllegalArgumentException} naming the property (or,
 * for a board's overrides, the request field), so a bad configuration stops the start-up with a
 * line that says what to fix.
 */
public final class OtaSettings {

    static final String P = "otalab.emulator.ota.";

    private final OtaConfig base;
    private final Path certDir;
    private final String serialTemplate;

    private OtaSettings(OtaConfig base, Path certDir, String serialTemplate) {
        this.base = base;
        this.certDir = certDir;
        this.serialTemplate = serialTemplate;
    }

    /** The settings, or empty when {@code host} is not set (OTA off). */
    public static Optional<OtaSettings> from(EmulatorConfig.Ota c) {
        if (c.host().isEmpty()) {
            if (c.caFile().isPresent() || c.clientCert().isPresent() || c.clientKey().isPresent() || c.certDir().isPresent()) {
                throw new IllegalArgumentException(P + "host: is required when other " + P + "* settings are given");
            }
            return Optional.empty();
        }
        String host = c.host().get().trim();
        if (host.isEmpty()) {
            throw new IllegalArgumentException(P + "host: must not be blank");
        }
        if (c.port() < 1 || c.port() > 0xFFFF) {
            throw new IllegalArgumentException(P + "port: must be 1..65535, got " + c.port());
        }
        c.caFile().ifPresent(f -> pem(f, "caFile", "CERTIFICATE"));
        c.clientCert().ifPresent(f -> pem(f, "clientCert", "CERTIFICATE"));
        c.clientKey().ifPresent(f -> pem(f, "clientKey", "PRIVATE KEY"));
        if (c.clientCert().isPresent() != c.clientKey().isPresent()) {
            throw new IllegalArgumentException(P + "client-cert, " + P + "client-key: give both or neither");
        }
        Path dir = c.certDir().orElse(null);
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(P + "cert-dir: " + dir + " is not a directory");
        }
        DeviceIdentity ce = DeviceIdentity.CODE_EXAMPLE;
        OtaTimers.Builder t = OtaTimers.builder();
        timer(c.initialCheck(), "initial-check", t::initialCheckMs);
        timer(c.nextCheck(), "next-check", t::nextCheckMs);
        timer(c.retry(), "retry", t::retryMs);
        timer(c.jobWait(), "job-wait", t::jobWaitMs);
        timer(c.dataTimeout(), "data-timeout", t::dataTimeoutMs);
        timer(c.rebootDelay(), "reboot-delay", t::rebootDelayMs);
        OtaConfig base;
        try {
            base = OtaConfig.builder()
                    .broker(host, c.port())
                    .tls(c.tls().orElse(null))
                    .caCertificate(c.caFile().orElse(null))
                    .clientCertificate(c.clientCert().orElse(null), c.clientKey().orElse(null))
                    .verifyHostname(c.verifyHostname())
                    .prepend(c.topicPrepend())
                    .identity(new DeviceIdentity(c.manufacturer().orElse(ce.manufacturer()),
                            c.manufacturerId().orElse(ce.manufacturerId()), c.productId().orElse(ce.productId()),
                            ce.serialNumber(), c.boardName().orElse(ce.boardName())))
                    .timers(t.build())
                    .build();
        } catch (IllegalArgumentException | OtaProtocolException e) {
            throw new IllegalArgumentException(P + "*: " + e.getMessage(), e);
        }
        return Optional.of(new OtaSettings(base, dir, c.serialNumber().orElse(ce.serialNumber())));
    }

    /** The configuration every board starts from (board string and client id still open). */
    public OtaConfig base() {
        return base;
    }

    /**
     * One board's completed configuration: the settings with the request's overrides, the board
     * string from the kit name unless given, the client certificate from {@code cert-dir} when it
     * has one for that board string.
     *
     * @throws IllegalArgumentException naming the {@code ota.*} field that the device could not use
     */
    public OtaConfig forBoard(String id, String kitName, OtaOverrides o) {
        OtaOverrides ov = o != null ? o : new OtaOverrides(null, null, null, null, null, null, null);
        DeviceIdentity d = base.identity();
        DeviceIdentity identity = new DeviceIdentity(
                field(ov.manufacturer(), d.manufacturer(), "manufacturer"),
                field(ov.manufacturerId(), d.manufacturerId(), "manufacturerId"),
                field(ov.productId(), d.productId(), "productId"),
                field(ov.serialNumber(), serialTemplate.replace("{id}", id), "serialNumber"),
                field(ov.boardName(), d.boardName(), "boardName"));
        String board = ov.board() != null ? ov.board() : OtaConfig.boardFor(kitName);
        OtaConfig.Builder b = base.toBuilder().board(board).identity(identity);
        if (ov.clientIdentifier() != null) {
            b.clientIdentifier(field(ov.clientIdentifier(), null, "clientIdentifier"));
        }
        if (certDir != null) {
            Path crt = certDir.resolve(board + ".crt");
            Path key = certDir.resolve(board + ".key");
            if (Files.isReadable(crt) && Files.isReadable(key)) {
                b.clientCertificate(crt, key);
            }
        }
        try {
            return b.build().forKit(id, kitName);
        } catch (IllegalArgumentException | OtaProtocolException e) {
            throw new IllegalArgumentException("ota.board: " + e.getMessage(), e);
        }
    }

    /** Request strings go into the device's JSON templates raw (no escaping): keep them printable and quote-free. */
    private static String field(String given, String fallback, String name) {
        if (given == null) {
            return fallback;
        }
        if (given.isEmpty() || given.length() > 64 || !given.matches("[\\x20-\\x7E]+") || given.contains("\"")
                || given.contains("\\")) {
            throw new IllegalArgumentException("ota." + name + ": must be 1..64 printable ASCII characters without"
                    + " '\"' or '\\', got '" + given + "'");
        }
        return given;
    }

    private static void timer(Optional<Duration> d, String name, Consumer<Long> set) {
        if (d.isPresent()) {
            long ms = d.get().toMillis();
            if (ms < 1) {
                throw new IllegalArgumentException(P + name + ": must be at least 1 ms, got " + d.get());
            }
            set.accept(ms);
        }
    }

    private static void pem(Path file, String what, String label) {
        String prop = P + what.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(prop + ": cannot read " + file + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? ": " + e.getMessage() : "") + ")", e);
        }
        if (!text.contains("-----BEGIN ") || !text.contains(label + "-----")) {
            throw new IllegalArgumentException(prop + ": " + file + " holds no PEM " + label);
        }
    }
}
