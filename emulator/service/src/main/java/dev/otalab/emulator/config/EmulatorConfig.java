package dev.otalab.emulator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The emulator's settings, {@code otalab.emulator.*} in {@code application.properties}, environment
 * variables ({@code OTALAB_EMULATOR_FLASHMAP_DIR}, ...) or system properties.
 */
@ConfigMapping(prefix = "otalab.emulator")
public interface EmulatorConfig {

    /**
     * Directory holding the flashmap JSON files that {@code POST /boards} names. Default: the
     * project's {@code flashmap/}, found in the working directory or the nearest parent that has one.
     */
    Optional<Path> flashmapDir();

    /**
     * PEM file(s) with the public key(s) a new board's MCUboot trusts when the create request gives
     * none. Default: the project's {@code keys/otalab-test-ec-p256.pub.pem}, found like
     * {@link #flashmapDir()}. A private-key PEM is accepted; only its public half is used.
     */
    Optional<List<Path>> trustedKey();

    /**
     * Boards created at start-up, comma separated, each {@code id:flashmap[:bootloader[:kit]]}, e.g.
     * {@code emu-1:psoc62_2m_rollback_overwrite:rollback,emu-2:psoc62_2m_ext_swap_single}.
     * A board that cannot be created stops the start-up.
     */
    Optional<List<String>> boards();

    /** Kit name for start-up boards that do not name one. */
    @WithDefault("CY8CPROTO-062-4343W")
    String defaultKit();

    /** Threads of the scheduler all virtual kits share (timers: watchdog, button release, faults, keep-alives). */
    @WithDefault("2")
    int schedulerThreads();

    /** Threads that run emulated CPUs woken by timers (reboots, power back on) and SSE pumps. */
    @WithDefault("2")
    int cpuThreads();

    /** Watchdog timeout the bootloader arms before starting the app ({@code WDT_TIME_OUT_MS}). */
    @WithDefault("4000")
    long watchdogMs();

    /**
     * The OTA Agent of every board whose running app is the OTA app or the factory app
     * ({@code otalab.emulator.ota.*}); without {@code host} no agent runs.
     */
    Ota ota();

    /** {@code otalab.emulator.ota.*}: the kits' broker, certificates, topics, identity and timers. */
    interface Ota {

        /** Broker host ({@code MQTT_BROKER_ADDRESS}); absent = OTA off. */
        Optional<String> host();

        /** Broker port; TLS iff it is not 1883 unless {@link #tls()} says otherwise. */
        @WithDefault("8884")
        int port();

        /** Force TLS on or off (default: the device rule, TLS iff the port is not 1883). */
        Optional<Boolean> tls();

        /** PEM CA the broker certificate must chain to (required with TLS). */
        Optional<Path> caFile();

        /** PEM client certificate for every board (CN = the board string for the deploy ACL). */
        Optional<Path> clientCert();

        /** PEM private key of {@link #clientCert()}. */
        Optional<Path> clientKey();

        /**
         * Folder of per-board-string certificates {@code <board>.crt} + {@code <board>.key}: a board
         * whose board string has both uses them instead of {@link #clientCert()}.
         */
        Optional<Path> certDir();

        /** Check the broker certificate's name (IP SAN for an address). */
        @WithDefault("true")
        boolean verifyHostname();

        /** {@code COMPANY_TOPIC_PREPEND}. */
        @WithDefault("MyUniqueTopic")
        String topicPrepend();

        /** {@code SerialNumber} of every board; {@code {id}} is replaced by the board id. Default: the code example's. */
        Optional<String> serialNumber();

        Optional<String> manufacturer();

        Optional<String> manufacturerId();

        Optional<String> productId();

        /** {@code BoardName} literal of the requests (not the real board). */
        Optional<String> boardName();

        /** {@code CY_OTA_INITIAL_CHECK_SECS} (CE 10 s). */
        Optional<Duration> initialCheck();

        /** {@code CY_OTA_NEXT_CHECK_INTERVAL_SECS} (CE 10 s). */
        Optional<Duration> nextCheck();

        /** {@code CY_OTA_RETRY_INTERVAL_SECS} (5 s). */
        Optional<Duration> retry();

        /** {@code CY_OTA_JOB_CHECK_TIME_SECS} (30 s). */
        Optional<Duration> jobWait();

        /** {@code CY_OTA_DATA_CHECK_TIME_SECS} (CE 300 s). */
        Optional<Duration> dataTimeout();

        /** Success → system reset (1 s). */
        Optional<Duration> rebootDelay();
    }
}
