package dev.otalab.agent.gpio;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import dev.otalab.agent.board.HardwareException;
import dev.otalab.agent.config.AgentConfig.Level;
import dev.otalab.labapi.dto.LedState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Watches the GPIO input wired to the kit's user LED and keeps the times of its edges (the last
 * {@value #MAX_EDGES}, and nothing older than the longest window). {@link #observe(long)} reports
 * the lab-api {@link LedState}: the state at the end of the window and {@code periodMs} = the mean
 * time between the edges inside the window (the toggle interval, what firmware prints as
 * "toggles at 250 msec interval").
 */
public final class LedSensor implements DigitalStateChangeListener {

    static final int MAX_EDGES = 100_000;
    private static final long KEEP_NANOS = (LedState.MAX_WINDOW_MS + 5_000) * 1_000_000L;

    private final DigitalInput line;
    private final int lineNumber;
    private final Level active;
    private final LongSupplier nanoClock;
    private final Deque<Long> edges = new ArrayDeque<>();
    private DigitalState last;

    public LedSensor(DigitalInput line, int lineNumber, Level active) {
        this(line, lineNumber, active, System::nanoTime);
    }

    /** @param nanoClock monotonic time source in nanoseconds (tests pass a fake one) */
    public LedSensor(DigitalInput line, int lineNumber, Level active, LongSupplier nanoClock) {
        this.line = line;
        this.lineNumber = lineNumber;
        this.active = active;
        this.nanoClock = nanoClock;
        this.last = line.state();
        line.addListener(this);
    }

    @Override
    public void onDigitalStateChange(DigitalStateChangeEvent event) {
        DigitalState s = event.state();
        long now = nanoClock.getAsLong();
        synchronized (edges) {
            if (s == null || s == DigitalState.UNKNOWN || s == last) {
                return;
            }
            last = s;
            edges.addLast(now);
            while (edges.size() > MAX_EDGES || (!edges.isEmpty() && now - edges.peekFirst() > KEEP_NANOS)) {
                edges.removeFirst();
            }
        }
    }

    /** Whether the LED is lit now. */
    public boolean lit() {
        DigitalState s;
        try {
            s = line.state();
        } catch (RuntimeException e) {
            throw new HardwareException("LED input GPIO " + lineNumber + ": cannot read: " + e.getMessage(), e);
        }
        return s == GpioLines.state(active);
    }

    /** Watches for {@code windowMs} (blocking) and reports. */
    public LedState observe(long windowMs) {
        long start = nanoClock.getAsLong();
        if (windowMs > 0) {
            try {
                Thread.sleep(windowMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return summarize(start, start + windowMs * 1_000_000L, windowMs);
    }

    /** The state for edges seen in {@code [startNanos, endNanos]} (monotonic clock), LED read now. */
    public LedState summarize(long startNanos, long endNanos, long windowMs) {
        List<Long> times = new ArrayList<>();
        synchronized (edges) {
            for (long t : edges) {
                if (t >= startNanos && t <= endNanos) {
                    times.add(t);
                }
            }
        }
        // to ms with sub-millisecond precision kept in the mean: LedState rounds span/(n-1)
        List<Long> micros = new ArrayList<>(times.size());
        for (long t : times) {
            micros.add((t - startNanos) / 1000);
        }
        LedState inMicros = LedState.fromEdges(lit(), micros, windowMs);
        Long periodMs = inMicros.periodMs() == null ? null : Math.round(inMicros.periodMs() / 1000.0);
        return new LedState(inMicros.on(), periodMs, windowMs, inMicros.edges());
    }

    /** The pi4j input (tests drive the mock's state). */
    public DigitalInput input() {
        return line;
    }
}
