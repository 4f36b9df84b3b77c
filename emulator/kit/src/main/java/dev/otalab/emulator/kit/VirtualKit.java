package dev.otalab.emulator.kit;

import dev.otalab.emulator.boot.KitFlash;
import dev.otalab.emulator.flash.FlashAddressSpace;
import dev.otalab.emulator.flash.FlashDevice;
import dev.otalab.emulator.flash.PowerFailInjector;
import dev.otalab.emulator.flash.PowerLossException;
import dev.otalab.emulator.flash.Sector;
import dev.otalab.emulator.kit.app.AppHost;
import dev.otalab.emulator.kit.app.AppSpec;
import dev.otalab.emulator.kit.app.EmulatedApp;
import dev.otalab.emulator.kit.rollback.FactoryTransfer;
import dev.otalab.emulator.ota.OtaAgent;
import dev.otalab.emulator.ota.OtaConfig;
import dev.otalab.emulator.ota.OtaDevice;
import dev.otalab.emulator.ota.OtaNetwork;
import dev.otalab.emulator.ota.OtaStats;
import dev.otalab.emulator.ota.OtaStatus;
import dev.otalab.ota.OtaVersion;
import dev.otalab.labapi.Capabilities;
import dev.otalab.labapi.FlashTarget;
import dev.otalab.labapi.Problem;
import dev.otalab.labapi.ProblemException;
import dev.otalab.labapi.ProblemTypes;
import dev.otalab.labapi.dto.BoardHealth;
import dev.otalab.labapi.dto.BoardInfo;
import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.labapi.dto.ExpectRequest;
import dev.otalab.labapi.dto.ExpectResult;
import dev.otalab.labapi.dto.FaultRequest;
import dev.otalab.labapi.dto.FaultState;
import dev.otalab.labapi.dto.FlashDump;
import dev.otalab.labapi.dto.ImageFormat;
import dev.otalab.labapi.dto.LedState;
import dev.otalab.labapi.dto.PowerState;
import dev.otalab.labapi.dto.ProgramResult;
import dev.otalab.labapi.dto.SlotInfo;
import dev.otalab.labapi.dto.UartLine;
import dev.otalab.labapi.dto.UartPage;
import dev.otalab.mcuboot.flashmap.FlashArea;
import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.hex.IntelHex;
import dev.otalab.mcuboot.hex.MemoryImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One emulated PSoC 6 kit: power, user button, console UART, user LED, watchdog, flash with
 * MCUboot (plain, or with Infineon's rollback-to-factory bootloader) and an emulated application
 * chosen by the booted image's TLV 0x00A0 (see {@link AppSpec}).
 *
 * <h2>Execution model</h2>
 * No thread belongs to a kit. The emulated CPU runs synchronously inside the call that wakes it:
 * {@link #powerOn()} runs the whole bootloader (upgrade, validation, rollback copy) and the
 * application's start before it returns; a button press that ends the rollback bootloader's wait
 * runs the rollback inside {@link #hold()}/{@link #press(long)}; console input runs blinky's answer
 * inside {@link #write(String)}. Timers (watchdog, button auto-release, expect timeouts, timed
 * power cuts, LED windows) run on the shared {@link KitSpec#scheduler() scheduler}, which hands
 * anything that needs the kit to {@link KitSpec#executor() the executor}, so scheduler threads
 * never wait for a kit. The LED is computed from (start, period), not toggled by timers.
 *
 * <h2>Thread-safety</h2>
 * Every method may be called from any thread. Kit state is guarded by one lock per kit; the UART
 * log has its own lock so reading it never waits for a boot.
 *
 * <h2>Power loss</h2>
 * A {@link PowerLossException} from the flash (an armed {@link #armFault fault}) anywhere in the
 * bootloader or the application turns the kit off: state {@link KitState#OFF}, the UART keeps
 * what was printed so far, the flash what was written. The next power-on boots again.
 *
 * <h2>OTA</h2>
 * With {@link KitSpec#ota()} set, the OTA app (after its banner and confirm) and the factory app
 * (on a button press) start Infineon's OTA Agent ({@link OtaAgent}) for the boot: it polls the
 * broker, downloads into the secondary slot through this kit's flash (counted operations, so
 * armed faults cut power mid-download), marks the update pending and resets the kit. Every reset,
 * power loss or power off stops it (connection dropped, timers cancelled). {@link #otaStatus()}
 * observes it.
 *
 * <h2>Programmer access</h2>
 * {@link #program}, {@link #dump} and {@link #slots()} work whether the kit is on or off, do not
 * reset it, and never count towards power-fail injection.
 */
public final class VirtualKit implements AutoCloseable {

    /** Builds the MCUboot model of a kit over its flash. */
    @FunctionalInterface
    public interface BootEngineFactory {
        BootEngine create(KitSpec spec, FlashAddressSpace flash);
    }

    private static final String INF = "[INF] ";
    private static final String ERR = "[ERR] ";
    /** Programmer write unit (a multiple of every write alignment). */
    private static final int PROGRAM_BLOCK = 4096;

    private final KitSpec spec;
    private final Flashmap map;
    private final PowerFailInjector power = new PowerFailInjector();
    private final FlashAddressSpace flash;
    private final BootEngine boot;
    private final UartLog uart;
    private final LedModel led;
    private final ReentrantLock lock = new ReentrantLock();

    // guarded by lock
    private KitState state = KitState.OFF;
    private EmulatedApp app;
    private ScheduledFuture<?> watchdog;
    private ScheduledFuture<?> autoRelease;
    private CompletableFuture<Void> autoReleaseDone;
    private volatile boolean closed;
    private long bootCount;
    private long watchdogResets;
    private long otaRequests;
    private OtaAgent otaAgent;
    private OtaStatus lastOtaStatus;
    private final OtaStats otaStats = new OtaStats();
    /** Clock millis of the last reset: the RTOS tick base. */
    private volatile long resetMillis;

    /** Incremented at every power-on, reset and power-off; stale timers compare it. */
    private volatile long generation;
    private volatile boolean buttonPressed;

    // fault injection, guarded by faultLock (taken after lock when both are needed)
    private final Object faultLock = new Object();
    private FaultRequest fault;
    private long faultToken;
    private long opsAtArm;
    private long lossesAtArm;
    private long programmerOps;
    private long opsAtTrip;
    private Instant trippedAt;
    private ScheduledFuture<?> faultTimer;

    private VirtualKit(KitSpec spec, BootEngineFactory engines) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.map = spec.flashmap();
        this.flash = KitFlash.forFlashmap(map, power).space();
        this.boot = Objects.requireNonNull(engines.create(spec, flash), "boot engine");
        this.uart = new UartLog(spec.clock(), spec.scheduler(), spec.executor(), spec.uartCapacity());
        this.led = new LedModel(spec.clock().millis());
        power.setPowered(false);
    }

    /**
     * A new kit, powered off, flash erased, running the MCUboot model of
     * {@code dev.otalab.emulator.boot} built as the kit's bootloader is (Infineon options; the
     * rollback bootloader adds downgrade prevention and bootstrap).
     */
    public static VirtualKit create(KitSpec spec) {
        return new VirtualKit(spec, mcubootEngines());
    }

    /**
     * The factory {@link #create(KitSpec)} uses: the boot model with the build options of the kit's
     * bootloader kind. Apps confirm and blinky checks image_ok at the primary's end − 24, as the
     * firmware does.
     */
    public static BootEngineFactory mcubootEngines() {
        return McubootEngine::new;
    }

    /**
     * A new kit, powered off, flash erased, with another MCUboot model (tests, experiments).
     *
     * @param engines builds the kit's {@link BootEngine} over its flash
     */
    public static VirtualKit create(KitSpec spec, BootEngineFactory engines) {
        return new VirtualKit(spec, engines);
    }

    // ------------------------------------------------------------------ identity

    public String id() {
        return spec.id();
    }

    public KitSpec spec() {
        return spec;
    }

    /** {@code BoardInfo} with every capability of an emulated board and the current power state. */
    public BoardInfo info() {
        return new BoardInfo(spec.id(), spec.kit(), spec.flashmapName(), Capabilities.ALL,
                state() == KitState.OFF ? PowerState.OFF : PowerState.ON, BoardHealth.GOOD);
    }

    /** What the CPU is doing now. */
    public KitState state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** The behaviour of the application running now, if any. */
    public Optional<AppSpec> runningApp() {
        lock.lock();
        try {
            return state == KitState.RUNNING && app != null ? Optional.of(app.spec()) : Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** How many times the bootloader has started since the kit was created. */
    public long bootCount() {
        lock.lock();
        try {
            return bootCount;
        } finally {
            lock.unlock();
        }
    }

    /** How many resets the watchdog caused. */
    public long watchdogResets() {
        lock.lock();
        try {
            return watchdogResets;
        } finally {
            lock.unlock();
        }
    }

    /** How many times the factory app's user pressed the button to start an OTA update. */
    public long otaRequests() {
        lock.lock();
        try {
            return otaRequests;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The OTA Agent now: its state ({@code NOT_INITIALIZED} while none runs), the current or last
     * cycle (unique topic, check time, outcome, offered version, download progress) and the
     * counters of every boot so far.
     */
    public OtaStatus otaStatus() {
        lock.lock();
        try {
            return otaAgent != null ? otaAgent.status() : OtaStatus.idle(lastOtaStatus, otaStats.snapshot());
        } finally {
            lock.unlock();
        }
    }

    /** "Update now": a waiting agent starts its next check at once. False when no agent runs. */
    public boolean otaCheckNow() {
        lock.lock();
        try {
            if (otaAgent == null) {
                return false;
            }
            otaAgent.checkNow();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The kit's flash as the CPU sees it. For tests and emulator internals: accesses through it
     * bypass the kit lock and are counted by power-fail injection.
     */
    public FlashAddressSpace flash() {
        return flash;
    }

    // ------------------------------------------------------------------ power

    /** Switches power on and runs the bootloader (and the app's start) before returning. No-op when on. */
    public void powerOn() {
        lock.lock();
        try {
            ensureOpen();
            if (state != KitState.OFF) {
                return;
            }
            power.setPowered(true);
            startCpu();
        } finally {
            lock.unlock();
        }
    }

    /** Switches power off: the app stops, the LED goes dark, flash and UART log stay. No-op when off. */
    public void powerOff() {
        lock.lock();
        try {
            ensureOpen();
            if (state != KitState.OFF) {
                enterOff();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Power off now, on again after {@code offMs}. The future completes once the bootloader has
     * run after power returned (never on a scheduler thread).
     */
    public CompletableFuture<Void> powerCycle(long offMs) {
        if (offMs < 0) {
            throw new IllegalArgumentException("offMs must be >= 0, got " + offMs);
        }
        powerOff();
        CompletableFuture<Void> done = new CompletableFuture<>();
        spec.scheduler().schedule(() -> spec.executor().execute(() -> {
            try {
                powerOn();
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }), offMs, TimeUnit.MILLISECONDS);
        return done;
    }

    /** A reset without power loss (reset button, or the watchdog): the bootloader runs again. No-op when off. */
    public void reset() {
        lock.lock();
        try {
            ensureOpen();
            if (state != KitState.OFF) {
                resetCpu();
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ button

    /** Whether the user button is held down now (the level the bootloader samples). */
    public boolean buttonPressed() {
        return buttonPressed;
    }

    /**
     * Presses the button now and releases it after {@code ms}. The press edge acts at once (it
     * may run the rollback); the future completes after the release.
     */
    public CompletableFuture<Void> press(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("ms must be >= 0, got " + ms);
        }
        lock.lock();
        try {
            hold();
            return scheduleRelease(ms);
        } finally {
            lock.unlock();
        }
    }

    /** Presses and holds the button (e.g. before a power cycle to request a rollback). */
    public void hold() {
        lock.lock();
        try {
            ensureOpen();
            cancelAutoRelease();
            if (!buttonPressed) {
                buttonPressed = true;
                onPressEdge();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Holds the button and releases it by itself after {@code releaseAfterMs}. */
    public void hold(long releaseAfterMs) {
        press(releaseAfterMs);
    }

    /** Releases the button. */
    public void release() {
        lock.lock();
        try {
            ensureOpen();
            cancelAutoRelease();
            buttonPressed = false;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ UART

    /** Retained lines with {@code seq > since}, at most {@code limit}. */
    public UartPage uart(long since, int limit) {
        return uart.page(since, limit);
    }

    /** Every retained line, oldest first. */
    public List<UartLine> uartLines() {
        return uart.lines();
    }

    /** Texts of the retained lines with {@code seq > since}, oldest first (handy in tests). */
    public List<String> uartTexts(long since) {
        List<String> out = new ArrayList<>();
        for (UartLine l : uart.lines()) {
            if (l.seq() > since) {
                out.add(l.text());
            }
        }
        return out;
    }

    /** The newest line's seq (0 before the first line). */
    public long latestSeq() {
        return uart.latestSeq();
    }

    /**
     * Streams lines: first the retained ones after {@code since} (after
     * {@link UartListener#onDropped} when some are gone), then each new line. Close the result to
     * stop.
     */
    public AutoCloseable subscribe(long since, UartListener listener) {
        Objects.requireNonNull(listener, "listener");
        return uart.subscribe(since, listener);
    }

    /**
     * Waits for a console line (lab-api expect semantics, shared {@code UartMatcher}). Invalid
     * regexes throw {@link IllegalArgumentException} at once; otherwise the future completes with
     * MATCHED, NOT_MATCHING or TIMEOUT (timeouts run on the shared scheduler).
     */
    public CompletableFuture<ExpectResult> expect(ExpectRequest request) {
        Objects.requireNonNull(request, "request");
        return uart.expect(request);
    }

    /** Console input (e.g. {@code "Y"} for blinky's prompt). Dropped when no application reads it. */
    public void write(String text) {
        Objects.requireNonNull(text, "text");
        lock.lock();
        try {
            ensureOpen();
            if (state == KitState.RUNNING && app != null) {
                EmulatedApp a = app;
                runCpu(() -> a.onConsoleInput(new Host(generation), text));
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ LED

    /**
     * The LED over the last {@code windowMs} (looking back from now; no waiting): state now,
     * edges in the window and the toggle interval ({@code periodMs}).
     */
    public LedState led(long windowMs) {
        checkWindow(windowMs);
        long now = spec.clock().millis();
        return led.observe(now - windowMs, now);
    }

    /**
     * The LED watched from now for {@code windowMs}, like a real sensor; completes at the end of
     * the window (REST {@code GET /led} semantics).
     */
    public CompletableFuture<LedState> observeLed(long windowMs) {
        checkWindow(windowMs);
        long start = spec.clock().millis();
        CompletableFuture<LedState> f = new CompletableFuture<>();
        spec.scheduler().schedule(() -> spec.executor().execute(() -> f.complete(led.observe(start, start + windowMs))),
                windowMs, TimeUnit.MILLISECONDS);
        return f;
    }

    /** Whether the LED is lit now. */
    public boolean ledOn() {
        return led.isOn(spec.clock().millis());
    }

    // ------------------------------------------------------------------ programmer

    /**
     * Writes an image like a programmer: erases every sector the data touches, writes, verifies.
     * Does not reset the kit; not counted by fault injection.
     *
     * @param target a named area (bin: written from its start; hex: every record must lie in it) or
     *        an address (bin only); may be null for hex
     * @param data the file's bytes
     * @param format {@code bin} or {@code hex}
     * @throws IllegalArgumentException bad input: data larger than the area, unmapped addresses,
     *         malformed HEX, no target for bin
     * @throws ProblemException {@code conflict} when the area is not in this kit's flashmap;
     *         {@code hardware-error} when the read-back differs
     */
    public ProgramResult program(FlashTarget target, byte[] data, ImageFormat format) {
        Objects.requireNonNull(data, "data");
        ImageFormat fmt = format == null ? ImageFormat.BIN : format;
        FlashArea area = target != null && !target.isAddress() ? area(target.area()) : null;
        List<Chunk> chunks = new ArrayList<>();
        long first;
        long bytes;
        if (fmt == ImageFormat.BIN) {
            if (target == null) {
                throw new IllegalArgumentException("area is required for format bin");
            }
            first = area != null ? area.address() : target.address();
            if (area != null && data.length > area.size()) {
                throw new IllegalArgumentException(String.format("image of %d bytes is larger than the %s area (%d bytes)",
                        data.length, target.area(), area.size()));
            }
            chunks.add(new Chunk(first, data));
            bytes = data.length;
        } else {
            MemoryImage image;
            try {
                image = IntelHex.parse(data);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("malformed Intel HEX: " + e.getMessage(), e);
            }
            if (image.isEmpty()) {
                throw new IllegalArgumentException("the HEX file holds no data");
            }
            for (MemoryImage.Segment s : image.segments()) {
                if (area != null && (s.address() < area.address() || s.end() > area.end())) {
                    throw new IllegalArgumentException(String.format(
                            "HEX data at 0x%08x..0x%08x lies outside the %s area 0x%08x..0x%08x",
                            s.address(), s.end(), target.area(), area.address(), area.end()));
                }
                chunks.add(new Chunk(s.address(), s.data()));
            }
            if (target != null && target.isAddress() && image.minAddress() != target.address()) {
                throw new IllegalArgumentException(String.format(
                        "format hex uses the file's addresses; it starts at 0x%08x, not at %s", image.minAddress(), target));
            }
            first = image.minAddress();
            bytes = image.size();
        }
        for (Chunk c : chunks) {
            checkMapped(c.address(), c.data().length);
        }
        lock.lock();
        try {
            ensureOpen();
            withProgrammerAccess(() -> {
                writeChunks(chunks);
                return null;
            });
        } finally {
            lock.unlock();
        }
        return new ProgramResult(area != null ? target.area() : null, first, bytes, fmt);
    }

    /**
     * Reads flash out of band (works when off, never counted).
     *
     * @param target area or address
     * @param offset bytes from the start of the area/address
     * @param length bytes; null = the rest of the named area (required with an address)
     */
    public FlashDump dump(FlashTarget target, long offset, Integer length) {
        Objects.requireNonNull(target, "target");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        long address;
        long len;
        if (target.isAddress()) {
            if (length == null) {
                throw new IllegalArgumentException("length is required with an address");
            }
            address = target.address() + offset;
            len = length;
        } else {
            FlashArea a = area(target.area());
            if (offset > a.size()) {
                throw new IllegalArgumentException("offset " + offset + " is beyond the " + target.area() + " area");
            }
            address = a.address() + offset;
            len = length != null ? length : a.size() - offset;
            if (offset + len > a.size()) {
                throw new IllegalArgumentException("offset + length run past the end of the " + target.area() + " area");
            }
        }
        if (len < 0 || len > FlashDump.MAX_LENGTH) {
            throw new IllegalArgumentException("length must be 0.." + FlashDump.MAX_LENGTH + ", got " + len);
        }
        checkMapped(address, len);
        byte[] data = len == 0 ? new byte[0] : flash.dump(address, (int) len);
        return new FlashDump(target.isAddress() ? null : target.area(), address, data);
    }

    /** MCUboot's view of the slots ({@code mcumgr image list} style); works when off. */
    public List<SlotInfo> slots() {
        lock.lock();
        try {
            ensureOpen();
            boolean running = state == KitState.RUNNING;
            return withProgrammerAccess(() -> boot.slots(running));
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ faults

    /**
     * Arms a power loss, replacing any armed before: at flash operation N counted from now
     * ({@code powerLossAtFlashOp}), and/or after a delay ({@code powerLossAfterMs}); whichever
     * comes first fires, once. With {@code offMs}, power comes back (and the kit boots) after
     * that long; otherwise it stays off until {@link #powerOn()}.
     */
    public FaultState armFault(FaultRequest request) {
        Objects.requireNonNull(request, "request");
        synchronized (faultLock) {
            ensureOpen();
            clearFaultLocked();
            fault = request;
            long token = ++faultToken;
            opsAtArm = power.operationCount();
            lossesAtArm = power.powerLossCount();
            programmerOps = 0;
            trippedAt = null;
            if (request.powerLossAtFlashOp() != null) {
                power.armAt(request.powerLossAtFlashOp());
            }
            if (request.powerLossAfterMs() != null) {
                faultTimer = spec.scheduler().schedule(() -> spec.executor().execute(() -> timedCut(token)),
                        request.powerLossAfterMs(), TimeUnit.MILLISECONDS);
            }
            return faultStateLocked();
        }
    }

    /** Shorthand for {@code armFault(FaultRequest.atFlashOp(n))}. */
    public FaultState powerLossAtFlashOp(long n) {
        return armFault(FaultRequest.atFlashOp(n));
    }

    /** Shorthand for {@code armFault(FaultRequest.afterMs(ms))}. */
    public FaultState powerLossAfterMs(long ms) {
        return armFault(FaultRequest.afterMs(ms));
    }

    /** The armed fault, operations counted since it was armed, whether it tripped. */
    public FaultState faults() {
        synchronized (faultLock) {
            return faultStateLocked();
        }
    }

    /** Disarms any fault. */
    public void clearFaults() {
        synchronized (faultLock) {
            clearFaultLocked();
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /** Powers the kit off for good, cancels its timers and ends pending expects with TIMEOUT. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (state != KitState.OFF) {
                enterOff();
            }
            cancelAutoRelease();
            closed = true;
        } finally {
            lock.unlock();
        }
        synchronized (faultLock) {
            clearFaultLocked();
        }
        uart.close();
    }

    @Override
    public String toString() {
        return "VirtualKit[" + spec.id() + ", " + spec.kit() + ", " + spec.flashmapName() + ", " + spec.bootloader()
                + ", " + state() + "]";
    }

    // ================================================================== CPU (lock held)

    private void startCpu() {
        stopOtaAgent();
        generation++;
        bootCount++;
        resetMillis = spec.clock().millis();
        state = KitState.BOOTING;
        app = null;
        cancelWatchdog();
        led.steady(false, spec.clock().millis());
        runCpu(spec.bootloader() == BootloaderKind.ROLLBACK ? this::rollbackBootloader : this::mcubootApp);
    }

    private void resetCpu() {
        uart.flush();
        startCpu();
    }

    private void enterOff() {
        stopOtaAgent();
        generation++;
        state = KitState.OFF;
        app = null;
        cancelWatchdog();
        led.steady(false, spec.clock().millis());
        uart.flush();
        power.setPowered(false);
    }

    private void stopOtaAgent() {
        if (otaAgent != null) {
            otaAgent.stop();
            lastOtaStatus = otaAgent.status();
            otaAgent = null;
        }
    }

    /** The OTA task starts the agent for this boot (once), when the kit has an OTA configuration. */
    private void startOtaAgent(AppSpec running) {
        OtaConfig config = spec.ota();
        if (config == null || otaAgent != null) {
            return;
        }
        OtaNetwork network = spec.otaNetwork() != null ? spec.otaNetwork() : OtaNetwork.shared();
        OtaVersion version = OtaVersion.of(running.version().major(), running.version().minor(),
                running.version().revision());
        otaAgent = new OtaAgent(config.forKit(spec.id(), spec.kit()), new OtaPort(generation), network, version,
                spec.scheduler(), spec.executor(), spec.clock(), otaStats);
        otaAgent.start();
    }

    /** Runs emulated code; a power loss turns the kit off. */
    private void runCpu(Runnable code) {
        try {
            code.run();
        } catch (PowerLossException e) {
            onPowerLoss();
        }
    }

    private void onPowerLoss() {
        Long autoOnMs = null;
        boolean tripped = false;
        synchronized (faultLock) {
            if (fault != null && trippedAt == null && power.powerLossCount() > lossesAtArm) {
                tripped = true;
                trippedAt = spec.clock().instant();
                opsAtTrip = countedOps() + 1; // the refused operation counts
                if (faultTimer != null) {
                    faultTimer.cancel(false);
                }
                autoOnMs = fault.offMs();
            }
        }
        enterOff();
        if (tripped && autoOnMs != null) {
            scheduleAutoPowerOn(autoOnMs);
        }
    }

    /** Plain MCUboot: Cypress MCUBootApp (mcuboot-boot.md §12). */
    private void mcubootApp() {
        log(INF, "MCUBoot Bootloader Started");
        if (hasExternalFlash()) {
            log(INF, "External Memory initialized w/ SFDP.");
        }
        BootEngine.Result r = boot.boot(this::log);
        if (r.outcome() == BootEngine.Outcome.BOOT) {
            log(INF, "User Application validated successfully");
            launch(r, "Launching app on CM4 core", true);
        } else {
            if (r.outcome() == BootEngine.Outcome.NO_BOOTABLE_IMAGE) {
                log(ERR, "MCUBoot Bootloader found none of bootable images");
            }
            state = KitState.HALTED;
        }
    }

    /** The rollback example's bootloader (psoc6-kits.md §6.1). */
    private void rollbackBootloader() {
        log(INF, "\u001b[2J\u001b[;H");
        log(INF, "MCUboot Bootloader Started");
        log(INF, "External Memory initialized w/ SFDP.");
        BootEngine.Result r = boot.boot(this::log);
        if (r.outcome() == BootEngine.Outcome.BOOT) {
            log(INF, "Application validated successfully !");
            if (buttonPressed) { // one sample, active low
                log(INF, "Detected user button event");
                log(INF, "Rollback initiated at startup \r\n");
                rollbackToFactory();
            } else {
                launch(r, "Launching User App on CM4. Please wait...", true);
            }
        } else if (r.outcome() == BootEngine.Outcome.PANIC) {
            state = KitState.HALTED;
        } else {
            log(INF, "No Upgrade available !");
            log(INF, "No valid image found in primary slot !");
            log(INF, "Press and release user button to initiate Rollback \r\n");
            state = KitState.WAITING_FOR_BUTTON;
        }
    }

    /** The falling-edge interrupt woke the invalid-primary wait. */
    private void rollbackAfterButton() {
        state = KitState.BOOTING;
        log(INF, "Detected user button event ");
        log(INF, "Initiating the Rollback...\r\n");
        rollbackToFactory();
    }

    private void rollbackToFactory() {
        FlashArea factory = map.factory().orElseThrow();
        if (!FactoryTransfer.run(flash, map.primary(1), factory, this::log)) {
            state = KitState.HALTED; // CY_ASSERT(0)
            return;
        }
        BootEngine.Result r = boot.boot(this::log);
        if (r.outcome() == BootEngine.Outcome.BOOT) {
            log(INF, "Factory app validated successfully");
            launch(r, "Launching Factory App on CM4. Please wait...", false);
        } else if (r.outcome() == BootEngine.Outcome.PANIC) {
            state = KitState.HALTED; // boot_go never returned
        } else {
            log(ERR, "Factory app validation failed");
            log(ERR, "Can't Rollback, asserting!!");
            state = KitState.HALTED;
        }
    }

    private void launch(BootEngine.Result r, String launchLine, boolean armWatchdog) {
        if (armWatchdog) {
            armWatchdog();
        }
        log(INF, "Starting User Application (wait)...");
        log(INF, String.format("Start slot Address: 0x%08x", r.jumpAddress()));
        log(INF, launchLine);
        log(INF, "MCUBoot Bootloader finished.\r\nDeinitializing hardware...");
        AppSpec appSpec = AppSpec.of(r.image());
        app = EmulatedApp.create(appSpec);
        state = KitState.RUNNING;
        app.start(new Host(generation));
    }

    private void onPressEdge() {
        if (state == KitState.WAITING_FOR_BUTTON) {
            runCpu(this::rollbackAfterButton);
        } else if (state == KitState.RUNNING && app != null) {
            EmulatedApp a = app;
            runCpu(() -> a.onButtonPress(new Host(generation)));
        }
    }

    /** A bootloader log line: tag, message, {@code \n\r}. */
    private void log(String tag, String message) {
        uart.print(tag + message + "\n\r");
    }

    private boolean hasExternalFlash() {
        return map.memories().stream().anyMatch(m -> m.base() >= 0x1800_0000L && m.base() < 0x2000_0000L);
    }

    // ------------------------------------------------------------------ watchdog

    private void armWatchdog() {
        cancelWatchdog();
        long gen = generation;
        watchdog = spec.scheduler().schedule(() -> spec.executor().execute(() -> watchdogExpired(gen)),
                spec.timing().watchdogMs(), TimeUnit.MILLISECONDS);
    }

    private void cancelWatchdog() {
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
    }

    private void watchdogExpired(long gen) {
        lock.lock();
        try {
            if (closed || gen != generation || state == KitState.OFF) {
                return;
            }
            watchdog = null;
            watchdogResets++;
            resetCpu();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ button helpers (lock held)

    private CompletableFuture<Void> scheduleRelease(long ms) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        autoReleaseDone = done;
        autoRelease = spec.scheduler().schedule(() -> spec.executor().execute(() -> {
            lock.lock();
            try {
                if (autoReleaseDone == done) {
                    autoRelease = null;
                    autoReleaseDone = null;
                    buttonPressed = false;
                }
            } finally {
                lock.unlock();
            }
            done.complete(null);
        }), ms, TimeUnit.MILLISECONDS);
        return done;
    }

    private void cancelAutoRelease() {
        if (autoRelease != null) {
            autoRelease.cancel(false);
            autoRelease = null;
        }
        if (autoReleaseDone != null) {
            autoReleaseDone.complete(null);
            autoReleaseDone = null;
        }
    }

    // ------------------------------------------------------------------ faults (helpers)

    private void timedCut(long token) {
        Long autoOnMs;
        long gen;
        synchronized (faultLock) {
            if (token != faultToken || fault == null || trippedAt != null) {
                return;
            }
            trippedAt = spec.clock().instant();
            opsAtTrip = countedOps();
            power.disarm();
            gen = generation;
            power.setPowered(false); // a boot running now fails at its next flash access
            autoOnMs = fault.offMs();
        }
        lock.lock();
        try {
            if (!closed && gen == generation && state != KitState.OFF) {
                enterOff();
            }
        } finally {
            lock.unlock();
        }
        if (autoOnMs != null) {
            scheduleAutoPowerOn(autoOnMs);
        }
    }

    private void scheduleAutoPowerOn(long offMs) {
        spec.scheduler().schedule(() -> spec.executor().execute(() -> {
            lock.lock();
            try {
                if (!closed && state == KitState.OFF) {
                    power.setPowered(true);
                    startCpu();
                }
            } finally {
                lock.unlock();
            }
        }), offMs, TimeUnit.MILLISECONDS);
    }

    private long countedOps() {
        return power.operationCount() - opsAtArm - programmerOps;
    }

    private FaultState faultStateLocked() {
        if (fault == null) {
            return FaultState.none();
        }
        long ops = trippedAt != null ? opsAtTrip : countedOps();
        return new FaultState(fault, Math.max(0, ops), trippedAt != null, trippedAt);
    }

    private void clearFaultLocked() {
        if (faultTimer != null) {
            faultTimer.cancel(false);
            faultTimer = null;
        }
        power.disarm();
        fault = null;
        trippedAt = null;
    }

    /**
     * Runs programmer/debugger work: flash powered, the armed fault paused (its count keeps its
     * distance), the operations not counted. Lock held.
     */
    private <T> T withProgrammerAccess(Supplier<T> work) {
        synchronized (faultLock) {
            boolean wasPowered = power.isPowered();
            long remaining = power.operationsBeforeFailure();
            power.disarm();
            long before = power.operationCount();
            power.setPowered(true);
            try {
                return work.get();
            } finally {
                programmerOps += power.operationCount() - before;
                power.setPowered(wasPowered);
                if (remaining >= 0) {
                    power.armAt(remaining + 1);
                }
            }
        }
    }

    // ------------------------------------------------------------------ programmer helpers

    private record Chunk(long address, byte[] data) {
    }

    private void writeChunks(List<Chunk> chunks) {
        // erase every sector touched, once
        List<long[]> erased = new ArrayList<>();
        for (Chunk c : chunks) {
            if (c.data().length == 0) {
                continue;
            }
            FlashAddressSpace.Mapping m = flash.mappingAt(c.address());
            FlashDevice d = m.device();
            long off = m.offsetOf(c.address());
            for (Sector s : d.geometry().sectorsIn(off, c.data().length)) {
                long start = m.base() + s.offset();
                boolean done = erased.stream().anyMatch(r -> r[0] == start);
                if (!done) {
                    flash.erase(start, s.size());
                    erased.add(new long[] {start});
                }
            }
        }
        // write, padding to the write unit with the erased value; merged so no unit is written twice
        MemoryImage all = new MemoryImage();
        for (Chunk c : chunks) {
            all.put(c.address(), c.data());
        }
        for (MemoryImage.Segment s : all.segments()) {
            FlashAddressSpace.Mapping m = flash.mappingAt(s.address());
            FlashDevice d = m.device();
            int w = d.writeAlignment();
            long lo = s.address() - Math.floorMod(s.address() - m.base(), w);
            long hi = s.end() + Math.floorMod(-(s.end() - m.base()), w);
            byte[] buf = all.read(lo, (int) (hi - lo), d.erasedValue() & 0xFF);
            // blocks that hold only the erased value are already right after the erase: skip them,
            // as programmers do, so padded images cost no memory for their fill
            for (int at = 0; at < buf.length; at += PROGRAM_BLOCK) {
                int n = Math.min(PROGRAM_BLOCK, buf.length - at);
                if (!allEqual(buf, at, n, d.erasedValue())) {
                    flash.write(lo + at, buf, at, n);
                }
            }
        }
        for (MemoryImage.Segment s : all.segments()) {
            byte[] back = flash.dump(s.address(), s.length());
            if (!Arrays.equals(back, s.data())) {
                throw new ProblemException(Problem.of(ProblemTypes.HARDWARE_ERROR, String.format(
                        "verify failed at 0x%08x..0x%08x", s.address(), s.end())));
            }
        }
    }

    private static boolean allEqual(byte[] b, int off, int len, byte value) {
        for (int i = off; i < off + len; i++) {
            if (b[i] != value) {
                return false;
            }
        }
        return true;
    }

    private void checkMapped(long address, long len) {
        Optional<FlashAddressSpace.Mapping> m = flash.find(address);
        if (m.isEmpty() || (len > 0 && !m.get().contains(address + len - 1))) {
            throw new IllegalArgumentException(String.format(
                    "0x%08x..0x%08x is not inside one flash memory of this kit", address, address + len));
        }
    }

    /** The named area of this kit's flashmap; {@code conflict} when it has none. */
    private FlashArea area(String name) {
        Optional<FlashArea> a = switch (name) {
            case FlashTarget.PRIMARY -> Optional.of(map.primary(1));
            case FlashTarget.SECONDARY -> Optional.of(map.secondary(1));
            case FlashTarget.FACTORY -> spec.bootloader() == BootloaderKind.ROLLBACK ? map.factory() : Optional.empty();
            case FlashTarget.BOOTLOADER -> Optional.of(map.bootloader());
            case FlashTarget.SCRATCH -> map.scratch();
            case FlashTarget.STATUS -> map.status();
            default -> throw new IllegalArgumentException("unknown flash area '" + name + "'");
        };
        return a.orElseThrow(() -> new ProblemException(Problem.of(ProblemTypes.CONFLICT,
                "board " + spec.id() + " has no " + name + " area (flashmap " + spec.flashmapName()
                        + (name.equals(FlashTarget.FACTORY) ? ", bootloader " + spec.bootloader() : "") + ")")));
    }

    private static void checkWindow(long windowMs) {
        if (windowMs < 0 || windowMs > LedState.MAX_WINDOW_MS) {
            throw new IllegalArgumentException("windowMs must be 0.." + LedState.MAX_WINDOW_MS + ", got " + windowMs);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("kit " + spec.id() + " is closed");
        }
    }

    // ------------------------------------------------------------------ the app's view

    /** The kit as one run of an application sees it; inert once that run is over. */
    private final class Host implements AppHost {
        private final long gen;

        Host(long gen) {
            this.gen = gen;
        }

        private boolean live() {
            return gen == generation && state != KitState.OFF;
        }

        @Override
        public void print(String text) {
            if (live()) {
                uart.print(text);
            }
        }

        @Override
        public void stopWatchdog() {
            if (live()) {
                cancelWatchdog();
            }
        }

        @Override
        public void blink(long periodMs) {
            if (live()) {
                led.blink(periodMs, spec.clock().millis());
            }
        }

        @Override
        public void led(boolean on) {
            if (live()) {
                led.steady(on, spec.clock().millis());
            }
        }

        @Override
        public boolean swapMode() {
            return boot.swapMode();
        }

        @Override
        public boolean primaryConfirmed() {
            return boot.primaryConfirmed();
        }

        @Override
        public void confirmPrimary() {
            if (live()) {
                boot.confirmPrimary();
            }
        }

        @Override
        public long imageOkAddress() {
            FlashArea p = map.primary(1);
            return p.address() + p.size() - 24;
        }

        @Override
        public void otaRequested() {
            if (live()) {
                otaRequests++;
            }
        }

        @Override
        public void startOtaAgent() {
            if (live() && app != null) {
                VirtualKit.this.startOtaAgent(app.spec());
            }
        }
    }

    /**
     * The kit as one boot's OTA Agent sees it: console, uptime, the OTA storage calls on the
     * emulated CPU (under the kit lock, counted, power loss handled as anywhere else) and the
     * system reset. Inert once that boot is over.
     */
    private final class OtaPort implements OtaDevice {
        private final long gen;

        OtaPort(long gen) {
            this.gen = gen;
        }

        /** Lock held. */
        private boolean live() {
            return !closed && gen == generation && state == KitState.RUNNING;
        }

        @Override
        public void print(String text) {
            lock.lock();
            try {
                if (live()) {
                    uart.print(text);
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public long uptimeMillis() {
            return spec.clock().millis() - resetMillis;
        }

        @Override
        public boolean eraseSecondary() {
            return onCpu(boot::eraseSecondary);
        }

        @Override
        public boolean writeSecondary(long offset, byte[] data) {
            return onCpu(() -> boot.writeSecondary(offset, data));
        }

        @Override
        public boolean setPending() {
            return onCpu(() -> boot.requestUpgrade(false));
        }

        @Override
        public void reset() {
            lock.lock();
            try {
                if (live()) {
                    resetCpu();
                }
            } finally {
                lock.unlock();
            }
        }

        /** Runs storage work on the CPU; true when the boot is still running afterwards. */
        private boolean onCpu(Runnable work) {
            lock.lock();
            try {
                if (!live()) {
                    return false;
                }
                runCpu(work);
                return live();
            } finally {
                lock.unlock();
            }
        }
    }
}
