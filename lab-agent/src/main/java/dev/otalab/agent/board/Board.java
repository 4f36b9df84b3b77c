package dev.otalab.agent.board;

import dev.otalab.agent.gpio.GpioButton;
import dev.otalab.agent.gpio.LedSensor;
import dev.otalab.agent.programmer.Programmer;
import dev.otalab.agent.serial.LineBuffer;
import dev.otalab.agent.serial.SerialConsole;
import dev.otalab.labapi.Capabilities;
import dev.otalab.labapi.FlashTarget;
import dev.otalab.labapi.Problem;
import dev.otalab.labapi.ProblemException;
import dev.otalab.labapi.ProblemTypes;
import dev.otalab.labapi.dto.BoardHealth;
import dev.otalab.labapi.dto.BoardInfo;
import dev.otalab.labapi.dto.ButtonRequest;
import dev.otalab.labapi.dto.ExpectRequest;
import dev.otalab.labapi.dto.ExpectResult;
import dev.otalab.labapi.dto.ImageFormat;
import dev.otalab.labapi.dto.LedState;
import dev.otalab.labapi.dto.PowerRequest;
import dev.otalab.labapi.dto.PowerState;
import dev.otalab.labapi.dto.ProgramResult;
import dev.otalab.labapi.dto.UartPage;
import dev.otalab.mcuboot.McubootException;
import dev.otalab.mcuboot.flashmap.FlashArea;
import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.hex.IntelHex;
import dev.otalab.mcuboot.hex.MemoryImage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One real kit and the devices wired to it; each device present gives the board a capability.
 * Operations block until done and throw {@link ProblemException} ({@code capability-missing},
 * {@code bad-request}, {@code conflict}) or {@link HardwareException} (502).
 *
 * <p><b>Health.</b> BAD while something is wrong: the serial port is lost, or the last power switch,
 * button drive or programming failed (cleared by the next success of that operation). A serial port
 * that is absent because the board was switched off, or within {@value #POWER_ON_GRACE_MS} ms of
 * switching it on (the KitProg3 is still enumerating), makes the health UNKNOWN instead. GOOD when
 * the console is connected and nothing failed; UNKNOWN when there is nothing to check (no UART).
 */
public final class Board implements AutoCloseable {

    static final long POWER_ON_GRACE_MS = 10_000;

    private final String id;
    private final String kit;
    private final String flashmapName;
    private final Flashmap flashmap;
    private final GpioButton button;
    private final long defaultPressMs;
    private final PowerSwitch power;
    private final LedSensor led;
    private final SerialConsole console;
    private final LineBuffer buffer;
    private final Programmer programmer;
    private final List<String> capabilities;
    private final ReentrantLock powerLock = new ReentrantLock();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private volatile PowerState powerState;
    private volatile long poweredOnAtNanos;
    private volatile boolean poweredOnByAgent;

    Board(String id, String kit, String flashmapName, Flashmap flashmap, GpioButton button, long defaultPressMs,
            PowerSwitch power, PowerState initialPower, LedSensor led, SerialConsole console, LineBuffer buffer,
            Programmer programmer) {
        this.id = id;
        this.kit = kit;
        this.flashmapName = flashmapName;
        this.flashmap = flashmap;
        this.button = button;
        this.defaultPressMs = defaultPressMs;
        this.power = power;
        this.powerState = power == null ? PowerState.UNKNOWN : initialPower;
        this.led = led;
        this.console = console;
        this.buffer = buffer;
        this.programmer = programmer;
        List<String> caps = new ArrayList<>();
        if (power != null) {
            caps.add(Capabilities.POWER);
        }
        if (button != null) {
            caps.add(Capabilities.BUTTON);
        }
        if (console != null) {
            caps.add(Capabilities.UART);
        }
        if (led != null) {
            caps.add(Capabilities.LED);
        }
        if (programmer != null) {
            caps.add(Capabilities.PROGRAM);
        }
        this.capabilities = List.copyOf(caps);
    }

    public String id() {
        return id;
    }

    public List<String> capabilities() {
        return capabilities;
    }

    /** {@code GET /boards/{id}}. */
    public BoardInfo info() {
        List<String> bad = new ArrayList<>();
        String absentSerial = null;
        if (console != null && !console.connected()) {
            String d = console.lostDetail() == null ? "serial port " + console.path() + " not open" : console.lostDetail();
            if (powerState == PowerState.OFF) {
                absentSerial = "powered off; " + d;
            } else if (poweredOnByAgent && System.nanoTime() - poweredOnAtNanos < POWER_ON_GRACE_MS * 1_000_000L) {
                absentSerial = "powered on moments ago; " + d;
            } else {
                bad.add(d);
            }
        }
        failures.values().stream().sorted().forEach(bad::add);
        BoardHealth health;
        String detail = null;
        if (!bad.isEmpty()) {
            health = BoardHealth.BAD;
            detail = String.join("; ", bad);
        } else if (absentSerial != null) {
            health = BoardHealth.UNKNOWN;
            detail = absentSerial;
        } else if (console != null) {
            health = BoardHealth.GOOD;
        } else {
            health = BoardHealth.UNKNOWN;
            detail = "no UART configured: nothing to check";
        }
        return new BoardInfo(id, kit, flashmapName, capabilities, powerState, health, detail);
    }

    // ------------------------------------------------------------------ power

    /** {@code POST /boards/{id}/power}: on, off, or off-wait-on; returns the board after it. */
    public BoardInfo power(PowerRequest request) {
        require(Capabilities.POWER);
        powerLock.lock();
        try {
            switch (request.action()) {
                case ON -> switchPower(true);
                case OFF -> switchPower(false);
                case CYCLE -> {
                    switchPower(false);
                    sleep(request.effectiveOffMs());
                    switchPower(true);
                }
            }
        } finally {
            powerLock.unlock();
        }
        return info();
    }

    private void switchPower(boolean on) {
        try {
            power.set(on);
            failures.remove("power");
        } catch (HardwareException e) {
            failures.put("power", "power switch failed at " + Instant.now() + ": " + firstLine(e.getMessage()));
            powerState = PowerState.UNKNOWN;
            throw e;
        }
        if (on) {
            poweredOnAtNanos = System.nanoTime();
            poweredOnByAgent = true;
            powerState = PowerState.ON;
        } else {
            powerState = PowerState.OFF;
            if (buffer != null) {
                buffer.flush(); // a line cut short by the power loss is still a line, as in the emulator
            }
        }
    }

    // ------------------------------------------------------------------ button

    /** {@code POST /boards/{id}/button}. */
    public void button(ButtonRequest request) {
        require(Capabilities.BUTTON);
        try {
            switch (request.action()) {
                case PRESS -> button.press(request.ms() != null ? request.ms() : defaultPressMs);
                case HOLD -> button.hold(request.ms());
                case RELEASE -> button.release();
            }
            failures.remove("button");
        } catch (HardwareException e) {
            failures.put("button", "button failed at " + Instant.now() + ": " + e.getMessage());
            throw e;
        }
    }

    // ------------------------------------------------------------------ UART

    public UartPage uart(long since, int limit) {
        require(Capabilities.UART);
        return buffer.page(since, limit);
    }

    public ExpectResult expect(ExpectRequest request) {
        require(Capabilities.UART);
        return buffer.expect(request);
    }

    public void write(String text) {
        require(Capabilities.UART);
        console.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** For the SSE stream: see {@link LineBuffer#subscribe}. */
    public LineBuffer console() {
        require(Capabilities.UART);
        return buffer;
    }

    // ------------------------------------------------------------------ LED

    public LedState led(long windowMs) {
        require(Capabilities.LED);
        return led.observe(windowMs);
    }

    // ------------------------------------------------------------------ programmer

    /**
     * {@code POST /boards/{id}/program}: checks the image against the target, then runs the
     * programmer.
     *
     * @param area an area name, an address, or null (hex only)
     */
    public ProgramResult program(String area, ImageFormat format, byte[] image) {
        require(Capabilities.PROGRAM);
        if (image == null || image.length == 0) {
            throw new ProblemException(Problem.badRequest("the request body (the image file) is empty"));
        }
        ImageFormat fmt = format == null ? ImageFormat.BIN : format;
        FlashTarget target = area == null || area.isBlank() ? null : FlashTarget.parse(area);
        FlashArea named = target != null && !target.isAddress() ? area(target.area()) : null;
        long first;
        long bytes;
        if (fmt == ImageFormat.BIN) {
            if (target == null) {
                throw new IllegalArgumentException("area is required for format bin");
            }
            first = named != null ? named.address() : target.address();
            if (named != null && image.length > named.size()) {
                throw new IllegalArgumentException(String.format("image of %d bytes is larger than the %s area (%d bytes)",
                        image.length, target.area(), named.size()));
            }
            if (first + image.length > 0x1_0000_0000L) {
                throw new IllegalArgumentException("image runs past the 32-bit address space");
            }
            bytes = image.length;
        } else {
            MemoryImage hex;
            try {
                hex = IntelHex.parse(image);
            } catch (McubootException | IllegalArgumentException e) {
                throw new IllegalArgumentException("malformed Intel HEX: " + e.getMessage(), e);
            }
            if (hex.isEmpty()) {
                throw new IllegalArgumentException("the HEX file holds no data");
            }
            if (named != null) {
                for (MemoryImage.Segment s : hex.segments()) {
                    if (s.address() < named.address() || s.end() > named.end()) {
                        throw new IllegalArgumentException(String.format(
                                "HEX data at 0x%08x..0x%08x lies outside the %s area 0x%08x..0x%08x",
                                s.address(), s.end(), target.area(), named.address(), named.end()));
                    }
                }
            }
            if (target != null && target.isAddress() && hex.minAddress() != target.address()) {
                throw new IllegalArgumentException(String.format(
                        "format hex uses the file's addresses; it starts at 0x%08x, not at %s", hex.minAddress(), target));
            }
            first = hex.minAddress();
            bytes = hex.size();
        }
        try {
            programmer.program(image, fmt, fmt == ImageFormat.BIN ? first : null);
            failures.remove("program");
        } catch (HardwareException e) {
            failures.put("program", "programming failed at " + Instant.now() + ": " + firstLine(e.getMessage()));
            throw e;
        }
        return new ProgramResult(named != null ? target.area() : null, first, bytes, fmt);
    }

    private FlashArea area(String name) {
        if (flashmap == null) {
            throw new ProblemException(Problem.of(ProblemTypes.CONFLICT, "board '" + id + "' has no flashmap loaded"
                    + (flashmapName == null ? "" : " ('" + flashmapName + "' without agent.flashmapDir)")
                    + ": give an address such as area=0x18000200"));
        }
        Optional<FlashArea> a = switch (name) {
            case FlashTarget.PRIMARY -> Optional.of(flashmap.primary(1));
            case FlashTarget.SECONDARY -> Optional.of(flashmap.secondary(1));
            case FlashTarget.FACTORY -> flashmap.factory();
            case FlashTarget.BOOTLOADER -> Optional.of(flashmap.bootloader());
            case FlashTarget.SCRATCH -> flashmap.scratch();
            case FlashTarget.STATUS -> flashmap.status();
            default -> throw new IllegalArgumentException("unknown flash area '" + name + "'");
        };
        return a.orElseThrow(() -> new ProblemException(Problem.of(ProblemTypes.CONFLICT,
                "board '" + id + "' has no " + name + " area (flashmap " + flashmapName + ")")));
    }

    // ------------------------------------------------------------------ parts (tests, health)

    public Optional<GpioButton> buttonDevice() {
        return Optional.ofNullable(button);
    }

    public Optional<PowerSwitch> powerDevice() {
        return Optional.ofNullable(power);
    }

    public Optional<LedSensor> ledDevice() {
        return Optional.ofNullable(led);
    }

    public Optional<SerialConsole> serialDevice() {
        return Optional.ofNullable(console);
    }

    private void require(String capability) {
        if (!capabilities.contains(capability)) {
            throw new ProblemException(Problem.capabilityMissing(id, capability));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void close() {
        if (console != null) {
            console.close();
        }
    }
}
