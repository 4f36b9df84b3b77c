package dev.otalab.agent.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.otalab.agent.config.AgentConfig.Level;
import dev.otalab.agent.config.ConfigException;
import dev.otalab.agent.config.ConfigLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The agent's one pi4j context and the GPIO lines it has claimed.
 *
 * <p>Providers are chosen explicitly, never auto-detected: {@code gpiod} (the Raspberry Pi's GPIO
 * character device through libgpiod) or {@code mock} (pi4j's mock provider, for tests and x86
 * machines). Every line is checked before it is claimed: it must be one of the configured lines
 * (default BCM 2..27), not be claimed twice, and the provider must accept it (on the Pi, libgpiod
 * refuses a line another process or a kernel driver holds). Failures are {@link ConfigException}s
 * naming the board, the role and the line, so the agent refuses to start.
 */
public final class GpioLines implements AutoCloseable {

    private final String provider;
    private final Context pi4j;
    private final Set<Integer> available;
    private final Map<Integer, String> claimed = new LinkedHashMap<>();

    private GpioLines(String provider, Context pi4j, Set<Integer> available) {
        this.provider = provider;
        this.pi4j = pi4j;
        this.available = available;
    }

    /**
     * Builds the pi4j context for {@code provider} ({@code gpiod} or {@code mock}).
     *
     * @throws ConfigException when the provider cannot start (e.g. gpiod on a machine without a
     *         Raspberry Pi GPIO chip)
     */
    public static GpioLines open(String provider, List<Integer> lines) {
        Context ctx;
        try {
            if (ConfigLoader.PROVIDER_MOCK.equals(provider)) {
                ctx = Pi4J.newContextBuilder()
                        .noAutoDetect()
                        .add(new MockPlatform())
                        .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                        .build();
            } else {
                ctx = Pi4J.newContextBuilder()
                        .noAutoDetect()
                        .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance())
                        .build();
            }
        } catch (RuntimeException | LinkageError e) {
            throw new ConfigException("GPIO provider '" + provider + "' cannot start: " + e, e);
        }
        return new GpioLines(provider, ctx, new TreeSet<>(lines));
    }

    /** {@code gpiod} or {@code mock}. */
    public String provider() {
        return provider;
    }

    /**
     * Claims {@code line} as an output.
     *
     * @param owner who uses it, for messages: {@code board 'kit1' button}
     * @param initial the level to drive at once
     * @param shutdown the level to leave on close, or null to leave the line as it is
     */
    public synchronized DigitalOutput output(String owner, String ioId, int line, Level initial, Level shutdown) {
        checkAvailable(owner, line);
        try {
            var b = DigitalOutput.newConfigBuilder(pi4j)
                    .id(ioId)
                    .name(owner)
                    .address(line)
                    .initial(state(initial));
            if (shutdown != null) {
                b.shutdown(state(shutdown));
            }
            DigitalOutput out = pi4j.create(b.build());
            claimed.put(line, owner);
            return out;
        } catch (RuntimeException e) {
            throw new ConfigException(owner + ": GPIO line " + line + " is not available as an output ("
                    + provider + "): " + e.getMessage(), e);
        }
    }

    /**
     * Claims {@code line} as an input (no pull resistor: the circuit drives it).
     *
     * @param debounceMicros debounce time; 0 for none
     */
    public synchronized DigitalInput input(String owner, String ioId, int line, long debounceMicros) {
        checkAvailable(owner, line);
        try {
            DigitalInput in = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                    .id(ioId)
                    .name(owner)
                    .address(line)
                    .debounce(debounceMicros)
                    .build());
            claimed.put(line, owner);
            return in;
        } catch (RuntimeException e) {
            throw new ConfigException(owner + ": GPIO line " + line + " is not available as an input ("
                    + provider + "): " + e.getMessage(), e);
        }
    }

    private void checkAvailable(String owner, int line) {
        if (!available.contains(line)) {
            throw new ConfigException(owner + ": GPIO line " + line + " is not available (" + provider
                    + " lines: " + available + ")");
        }
        String other = claimed.get(line);
        if (other != null) {
            throw new ConfigException(owner + ": GPIO line " + line + " is already used by " + other);
        }
    }

    public static DigitalState state(Level level) {
        return level == Level.HIGH ? DigitalState.HIGH : DigitalState.LOW;
    }

    /** Releases every line (outputs go to their shutdown level where one was given). */
    @Override
    public synchronized void close() {
        try {
            pi4j.shutdown();
        } catch (RuntimeException e) {
            // best effort at shutdown
        }
    }
}
