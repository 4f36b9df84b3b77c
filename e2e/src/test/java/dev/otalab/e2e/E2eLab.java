package dev.otalab.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.otalab.emulator.kit.KitSpec;
import dev.otalab.emulator.kit.VirtualKit;
import dev.otalab.emulator.ota.OtaConfig;
import dev.otalab.emulator.ota.OtaNetwork;
import dev.otalab.emulator.ota.OtaTimers;
import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.stack.OtaBackend;
import dev.otalab.stack.OtalabService;
import dev.otalab.stack.client.ServiceCallException;
import dev.otalab.stack.client.SigningClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What every end-to-end test class shares: the backend (started once per class), the kits' threads
 * and network, images signed by the real signing-service, kits wired to the backend's broker, and
 * waiting with a diagnosis. Boards carry a per-run suffix so rows of other runs (shared schemas) never
 * interfere; image payloads are random per run so their digests are new.
 */
final class E2eLab implements AutoCloseable {

    static final String KIT = "CY8CPROTO-062S2-43439";
    static final String SWAP_MAP = "psoc62_2m_ext_swap_single";
    static final String ROLLBACK_MAP = "psoc62_2m_rollback_swap";
    static final long SLOT = 0x1C0000;
    static final Duration LONG = Duration.ofSeconds(90);
    /** Short agent timers; the job wait leaves room for job-service's database round trip on a busy machine. */
    static final OtaTimers FAST = OtaTimers.builder()
            .initialCheckMs(100).nextCheckMs(400).retryMs(300).jobWaitMs(5000).dataTimeoutMs(20_000)
            .connectRetryDelayMs(200).rebootDelayMs(100).ackTimeoutMs(5000).build();

    /** How an image is signed (erased value, trailer), as the OTA build scripts do for each use. */
    enum Use {
        /** Programmed into the internal primary slot ({@code -R 0}). */
        PRIMARY(0x00, false),
        /** The OTA download: the build's signed {@code .bin}, no trailer. */
        OTA(0xFF, false),
        /** The rollback layout's factory reserve: overwrite-only, header padding 0xFF. */
        FACTORY(0xFF, true);

        final int erased;
        final boolean overwriteOnly;

        Use(int erased, boolean overwriteOnly) {
            this.erased = erased;
            this.overwriteOnly = overwriteOnly;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    final Path root = OtalabService.repositoryRoot();
    final OtaBackend backend;
    final OtaNetwork network = OtaNetwork.create(1);
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("e2e-kit-scheduler"));
    final ExecutorService executor = Executors.newFixedThreadPool(2, daemon("e2e-kit-cpu"));
    final McubootKey trustedKey;
    private final List<VirtualKit> kits = new ArrayList<>();

    /** Starts the backend with client certificates for {@code boards} (call {@link #board} to name them). */
    E2eLab(String testClass, java.util.function.UnaryOperator<OtaBackend.Builder> customise, String... boards) {
        trustedKey = McubootKey.read(root.resolve("keys/otalab-test-ec-p256.pem"), null).publicOnly();
        backend = customise.apply(OtaBackend.builder().root(root).boards(boards)
                .logDir(root.resolve("e2e/target/service-logs/" + testClass))).start();
    }

    /** A board string unique to this run: {@code APP_E2E_<run>_<name>}. */
    static String board(String run, String name) {
        return "APP_E2E_" + run + "_" + name;
    }

    static String newRun() {
        return HexFormat.of().toHexDigits(RANDOM.nextInt());
    }

    /** Random bytes: a new image digest on every run. */
    static byte[] payload(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Signs {@code payload} through signing-service with the test key as the OTA build scripts would. */
    SigningClient.SignedImage sign(String version, String appJson, int payloadBytes, Use use) {
        return sign(OtaBackend.TEST_KEY_ID, version, appJson, payload(payloadBytes), use);
    }

    SigningClient.SignedImage sign(String keyId, String version, String appJson, byte[] payload, Use use) {
        Map<String, Object> options = SigningClient.options(keyId, version, SLOT);
        options.put("headerSize", 0x400);
        options.put("align", 8);
        options.put("maxSectors", 3584);
        options.put("erasedValue", use.erased);
        options.put("overwriteOnly", use.overwriteOnly);
        if (appJson != null) {
            options.put("customTlvs", Map.of("0x00a0", appJson));
        }
        return backend.signing().sign(payload, options);
    }

    /** job-service's record of a device ({@code {device, reports[], sessions[], results[]}}), empty before its first check. */
    JsonNode device(String board, String serial) {
        try {
            return backend.jobs().device(board, serial);
        } catch (ServiceCallException e) {
            if (e.status() == 404) {
                return MissingNode.getInstance();
            }
            throw e;
        }
    }

    Flashmap map(String name) {
        return Flashmap.read(root.resolve("flashmap").resolve(name + ".json"));
    }

    /** The agent's configuration for {@code board} on the mutual-TLS listener with the board's certificate. */
    OtaConfig.Builder mutualTls(String board, String serial) {
        return OtaConfig.builder()
                .broker(backend.broker().host(), backend.broker().mutualTlsPort())
                .caCertificate(backend.broker().caCertificate())
                .clientCertificate(backend.broker().clientCertificate(board), backend.broker().clientKey(board))
                .board(board).serialNumber(serial).timers(FAST);
    }

    /** The agent's configuration on the server-authenticated TLS listener, no client certificate (the "8883" role). */
    OtaConfig.Builder anonymousTls(String board, String serial) {
        return OtaConfig.builder()
                .broker(backend.broker().host(), backend.broker().tlsPort())
                .caCertificate(backend.broker().caCertificate())
                .board(board).serialNumber(serial).timers(FAST);
    }

    VirtualKit kit(String id, String map, BootloaderKind bootloader, OtaConfig ota, long watchdogMs) {
        VirtualKit k = VirtualKit.create(KitSpec.builder()
                .id(id).kit(KIT).flashmap(map(map)).flashmapName(map).bootloader(bootloader)
                .trustedKey(trustedKey).watchdogMs(watchdogMs)
                .scheduler(scheduler).executor(executor)
                .ota(ota).otaNetwork(network)
                .build());
        synchronized (kits) {
            kits.add(k);
        }
        return k;
    }

    /** Closes the kits of a test and waits until their connections are gone. */
    void closeKits() throws InterruptedException {
        synchronized (kits) {
            kits.forEach(VirtualKit::close);
            kits.clear();
        }
        await("every kit connection closed", Duration.ofSeconds(20),
                () -> network.openConnections() == 0 && network.pendingConnects() == 0,
                () -> network.openConnections() + " open, " + network.pendingConnects() + " pending");
    }

    static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + ": " + state.get());
            }
            Thread.sleep(20);
        }
    }

    /** The kit's OTA status and its last console lines, for failure messages. */
    static String diag(VirtualKit kit) {
        List<String> lines = kit.uartTexts(0);
        return kit.otaStatus() + "\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    static boolean runs(VirtualKit kit, String version) {
        return kit.runningApp().map(a -> a.versionText().equals(version)).orElse(false);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            closeKits();
        } finally {
            network.close();
            scheduler.shutdownNow();
            executor.shutdownNow();
            backend.close();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
