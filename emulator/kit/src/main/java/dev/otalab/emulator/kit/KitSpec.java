package dev.otalab.emulator.kit;

import dev.otalab.emulator.ota.OtaConfig;
import dev.otalab.emulator.ota.OtaNetwork;
import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.keys.McubootKey;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Everything needed to build a {@link VirtualKit}. Immutable; make one with {@link #builder()}.
 *
 * <pre>{@code
 * KitSpec spec = KitSpec.builder()
 *         .id("emu-1")
 *         .kit("CY8CPROTO-062S2-43439")
 *         .flashmap(Flashmap.read(Path.of("flashmap/psoc62_2m_rollback_swap.json")))
 *         .bootloader(BootloaderKind.ROLLBACK)
 *         .trustedKeys(List.of(McubootKey.read(Path.of("keys/otalab-test-ec-p256.pub.pem"), null)))
 *         .scheduler(sharedScheduler)          // shared by every kit: no thread per kit
 *         .ota(OtaConfig.builder().broker("127.0.0.1", 8884).caCertificate(ca)
 *                 .clientCertificate(cert, key).build())  // optional: the OTA and factory apps run the agent
 *         .otaNetwork(sharedNetwork)           // optional: one Vert.x for every kit (default OtaNetwork.shared())
 *         .build();
 * }</pre>
 *
 * @param id board id, {@code [A-Za-z0-9._-]{1,64}}
 * @param kit kit name as Infineon spells it, e.g. {@code CY8CPROTO-062S2-43439}
 * @param flashmap the flash layout; for {@link BootloaderKind#ROLLBACK} it must have a
 *        {@code factory_app} area
 * @param flashmapName name reported in {@code BoardInfo.flashmap} (file name without {@code .json})
 * @param bootloader plain MCUboot or the rollback-to-factory bootloader
 * @param trustedKeys public keys MCUboot accepts image signatures from (at least one)
 * @param timing watchdog and application timers
 * @param scheduler shared timer service (watchdog, timeouts, button auto-release, timed faults);
 *        its threads only do short, non-blocking work
 * @param executor where timer-triggered CPU work runs (reboots after a watchdog reset, power back
 *        on after a fault's {@code offMs}, a power cycle's power-on); defaults to the common pool
 * @param clock time source for UART timestamps and the LED model
 * @param uartCapacity UART lines kept in memory (older lines are dropped and counted)
 * @param ota the OTA Agent's configuration (broker, certificates, board, identity, timers), or
 *        {@code null}: the apps then run without the agent, as before it was emulated. Board and
 *        client identifier left out are taken from the kit name and id ({@link OtaConfig#forKit})
 * @param otaNetwork the shared MQTT network stack; {@code null} = {@link OtaNetwork#shared()} when an
 *        agent first starts
 */
public record KitSpec(
        String id,
        String kit,
        Flashmap flashmap,
        String flashmapName,
        BootloaderKind bootloader,
        List<McubootKey> trustedKeys,
        KitTiming timing,
        ScheduledExecutorService scheduler,
        Executor executor,
        Clock clock,
        int uartCapacity,
        OtaConfig ota,
        OtaNetwork otaNetwork) {

    public static final int DEFAULT_UART_CAPACITY = 5000;

    public KitSpec {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("id must be 1..64 characters of [A-Za-z0-9._-], got '" + id + "'");
        }
        Objects.requireNonNull(kit, "kit");
        Objects.requireNonNull(flashmap, "flashmap");
        flashmapName = flashmapName != null ? flashmapName : nameOf(flashmap);
        bootloader = bootloader != null ? bootloader : BootloaderKind.MCUBOOT;
        trustedKeys = List.copyOf(Objects.requireNonNull(trustedKeys, "trustedKeys"));
        if (trustedKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted key is required");
        }
        timing = timing != null ? timing : KitTiming.defaults();
        Objects.requireNonNull(scheduler, "scheduler");
        executor = executor != null ? executor : ForkJoinPool.commonPool();
        clock = clock != null ? clock : Clock.systemUTC();
        if (uartCapacity < 1) {
            throw new IllegalArgumentException("uartCapacity must be >= 1, got " + uartCapacity);
        }
        if (bootloader == BootloaderKind.ROLLBACK && flashmap.factory().isEmpty()) {
            throw new IllegalArgumentException("the rollback bootloader needs a flashmap with a factory_app area; "
                    + flashmapName + " has none");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code psoc62_2m_rollback_swap} for {@code /x/flashmap/psoc62_2m_rollback_swap.json}. */
    static String nameOf(Flashmap map) {
        String s = map.sourceName() == null ? "flashmap" : map.sourceName();
        int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        s = s.substring(slash + 1);
        return s.endsWith(".json") ? s.substring(0, s.length() - 5) : s;
    }

    /** Builder; {@code id}, {@code kit}, {@code flashmap}, {@code trustedKeys} and {@code scheduler} are required. */
    public static final class Builder {
        private String id;
        private String kit;
        private Flashmap flashmap;
        private String flashmapName;
        private BootloaderKind bootloader = BootloaderKind.MCUBOOT;
        private List<McubootKey> trustedKeys = List.of();
        private KitTiming timing = KitTiming.defaults();
        private ScheduledExecutorService scheduler;
        private Executor executor;
        private Clock clock;
        private int uartCapacity = DEFAULT_UART_CAPACITY;
        private OtaConfig ota;
        private OtaNetwork otaNetwork;

        private Builder() {
        }

        public Builder id(String v) { id = v; return this; }
        public Builder kit(String v) { kit = v; return this; }
        public Builder flashmap(Flashmap v) { flashmap = v; return this; }
        public Builder flashmapName(String v) { flashmapName = v; return this; }
        public Builder bootloader(BootloaderKind v) { bootloader = v; return this; }
        public Builder trustedKeys(List<McubootKey> v) { trustedKeys = v; return this; }
        public Builder trustedKey(McubootKey v) { trustedKeys = List.of(v); return this; }
        public Builder timing(KitTiming v) { timing = v; return this; }
        public Builder watchdogMs(long ms) { timing = timing.withWatchdogMs(ms); return this; }
        public Builder scheduler(ScheduledExecutorService v) { scheduler = v; return this; }
        public Builder executor(Executor v) { executor = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }
        public Builder uartCapacity(int v) { uartCapacity = v; return this; }
        public Builder ota(OtaConfig v) { ota = v; return this; }
        public Builder otaNetwork(OtaNetwork v) { otaNetwork = v; return this; }

        public KitSpec build() {
            return new KitSpec(id, kit, flashmap, flashmapName, bootloader, trustedKeys, timing, scheduler,
                    executor, clock, uartCapacity, ota, otaNetwork);
        }
    }
}
