package dev.otalab.agent.board;

import dev.otalab.agent.config.AgentConfig;
import dev.otalab.agent.config.AgentConfig.BoardConfig;
import dev.otalab.agent.config.AgentConfig.Level;
import dev.otalab.agent.config.ConfigException;
import dev.otalab.agent.gpio.GpioButton;
import dev.otalab.agent.gpio.GpioLines;
import dev.otalab.agent.gpio.LedSensor;
import dev.otalab.agent.gpio.RelayPower;
import dev.otalab.agent.programmer.Programmer;
import dev.otalab.agent.serial.LineBuffer;
import dev.otalab.agent.serial.SerialConsole;
import dev.otalab.labapi.Problem;
import dev.otalab.labapi.ProblemException;
import dev.otalab.labapi.dto.BoardInfo;
import dev.otalab.labapi.dto.PowerState;
import dev.otalab.mcuboot.McubootException;
import dev.otalab.mcuboot.flashmap.Flashmap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The agent's boards, opened from the configuration: pi4j lines claimed, serial ports opened,
 * flashmaps read, initial power applied. {@link #start} either opens everything or nothing: any
 * missing device or unavailable line is a {@link ConfigException} that names the board and the
 * device or line (all such problems at once), and what was already opened is closed again.
 */
public final class Lab implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Lab.class);

    private final AgentConfig config;
    private final GpioLines gpio;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Board> boards;

    private Lab(AgentConfig config, GpioLines gpio, ScheduledExecutorService scheduler, Map<String, Board> boards) {
        this.config = config;
        this.gpio = gpio;
        this.scheduler = scheduler;
        this.boards = boards;
    }

    /**
     * Opens every board of {@code config}.
     *
     * @throws ConfigException naming each board and device/line that is not usable
     */
    public static Lab start(AgentConfig config) {
        AtomicInteger n = new AtomicInteger();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "agent-scheduler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        boolean needsGpio = config.boards().stream()
                .anyMatch(b -> b.button() != null || b.led() != null || (b.power() != null && b.power().relay() != null));
        GpioLines gpio = null;
        Map<String, Board> boards = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        try {
            if (needsGpio) {
                gpio = GpioLines.open(config.gpio().provider(), config.gpio().lines());
            }
            for (BoardConfig b : config.boards()) {
                try {
                    boards.put(b.id(), open(config, b, gpio, scheduler));
                } catch (ConfigException e) {
                    problems.addAll(e.problems());
                }
            }
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            boards.values().forEach(Board::close);
            if (gpio != null) {
                gpio.close();
            }
            scheduler.shutdownNow();
            throw new ConfigException("the agent cannot start", problems);
        }
        Lab lab = new Lab(config, gpio, scheduler, boards);
        for (Board b : boards.values()) {
            LOG.infof("board '%s': %s, capabilities %s", b.id(), b.info().health(), b.capabilities());
        }
        return lab;
    }

    private static Board open(AgentConfig config, BoardConfig b, GpioLines gpio, ScheduledExecutorService scheduler) {
        String owner = "board '" + b.id() + "'";
        List<String> problems = new ArrayList<>();
        Flashmap flashmap = null;
        if (b.flashmap() != null && config.agent().flashmapDir() != null) {
            Path file = Path.of(config.agent().flashmapDir(), b.flashmap() + ".json");
            if (!Files.isRegularFile(file)) {
                problems.add(owner + ": flashmap " + file + " does not exist");
            } else {
                try {
                    flashmap = Flashmap.read(file);
                } catch (McubootException e) {
                    problems.add(owner + ": flashmap " + file + " is not usable: " + e.getMessage());
                }
            }
        }
        GpioButton button = null;
        if (b.button() != null) {
            try {
                var out = gpio.output(owner + " button", b.id() + "-button", b.button().line(),
                        inverse(b.button().activeLevel()), inverse(b.button().activeLevel()));
                button = new GpioButton(out, b.button().line(), b.button().activeLevel(), scheduler);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        PowerSwitch power = null;
        PowerState initialPower = PowerState.UNKNOWN;
        if (b.power() != null) {
            boolean on = "on".equals(b.power().initial());
            if (b.power().relay() != null) {
                Level active = b.power().relay().activeLevel();
                try {
                    var out = gpio.output(owner + " power relay", b.id() + "-power", b.power().relay().line(),
                            on ? active : inverse(active), null);
                    power = new RelayPower(out, b.power().relay().line(), active);
                    initialPower = on ? PowerState.ON : PowerState.OFF;
                } catch (ConfigException e) {
                    problems.addAll(e.problems());
                }
            } else {
                power = new CommandPower(b.id(), b.power().command(), b.power().hub(), b.power().port(),
                        b.power().timeoutSeconds());
                if (b.power().initial() != null) {
                    try {
                        power.set(on);
                        initialPower = on ? PowerState.ON : PowerState.OFF;
                    } catch (HardwareException e) {
                        problems.add(owner + ": power command failed at start: " + e.getMessage());
                    }
                }
            }
        }
        LedSensor led = null;
        if (b.led() != null) {
            try {
                var in = gpio.input(owner + " LED input", b.id() + "-led", b.led().line(), b.led().debounceMicros());
                led = new LedSensor(in, b.led().line(), b.led().activeLevel());
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        LineBuffer buffer = null;
        SerialConsole console = null;
        if (b.serial() != null) {
            buffer = new LineBuffer(b.serial().ringLines());
            console = new SerialConsole(owner, b.serial().device(), b.serial().baud(), b.serial().reopenPollMs(), buffer);
            try {
                console.start();
            } catch (ConfigException e) {
                problems.addAll(e.problems());
                console = null;
            }
        }
        Programmer programmer = null;
        if (b.programmer() != null) {
            programmer = new Programmer(b.id(), b.programmer().command(), b.programmer().probe(),
                    b.programmer().timeoutSeconds(), b.programmer().outputLines(), Path.of(config.agent().workDir()));
        }
        if (!problems.isEmpty()) {
            if (console != null) {
                console.close();
            }
            throw new ConfigException(null, problems);
        }
        return new Board(b.id(), b.kit(), b.flashmap(), flashmap, button, b.button() == null ? 0 : b.button().pressMs(),
                power, initialPower, led, console, buffer, programmer);
    }

    private static Level inverse(Level l) {
        return l == Level.HIGH ? Level.LOW : Level.HIGH;
    }

    /** The board, or {@code board-not-found}. */
    public Board board(String id) {
        Board b = id == null ? null : boards.get(id);
        if (b == null) {
            throw new ProblemException(Problem.boardNotFound(id));
        }
        return b;
    }

    /** Every board, sorted by id. */
    public List<BoardInfo> list() {
        return boards.values().stream().map(Board::info).sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    public List<Board> boards() {
        return List.copyOf(boards.values());
    }

    public AgentConfig config() {
        return config;
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Stops readers, releases GPIO lines (the button is released; relays are left as they are). */
    @Override
    public void close() {
        boards.values().forEach(Board::close);
        if (gpio != null) {
            gpio.close();
        }
        scheduler.shutdownNow();
    }
}
