package dev.otalab.agent.gpio;

import com.pi4j.io.gpio.digital.DigitalOutput;
import dev.otalab.agent.board.HardwareException;
import dev.otalab.agent.config.AgentConfig.Level;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The kit's user button, pressed by driving a GPIO line to its active level (through an opto-coupler
 * or transistor across the button, so "pressed" on the kit is its active-low level, spec §6).
 *
 * <p>{@link #press(long)} drives the line active, waits, and drives it inactive again; a press is one
 * pulse of exactly that length on the line. {@link #hold(Long)} drives it active and returns,
 * optionally releasing later; {@link #release()} drives it inactive. A new action cancels a pending
 * timed release.
 */
public final class GpioButton {

    private final DigitalOutput line;
    private final int lineNumber;
    private final Level active;
    private final ScheduledExecutorService scheduler;
    private final ReentrantLock lock = new ReentrantLock();
    private ScheduledFuture<?> pendingRelease;
    private volatile boolean pressed;

    public GpioButton(DigitalOutput line, int lineNumber, Level active, ScheduledExecutorService scheduler) {
        this.line = line;
        this.lineNumber = lineNumber;
        this.active = active;
        this.scheduler = scheduler;
    }

    /** Presses for {@code ms}, then releases; returns after the release. */
    public void press(long ms) {
        lock.lock();
        try {
            cancelPendingRelease();
            drive(true);
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                drive(false);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Presses and returns at once; with {@code ms}, releases by itself after that long. */
    public void hold(Long ms) {
        lock.lock();
        try {
            cancelPendingRelease();
            drive(true);
            if (ms != null) {
                ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
                self[0] = scheduler.schedule(() -> timedRelease(self[0]), ms, TimeUnit.MILLISECONDS);
                pendingRelease = self[0];
            }
        } finally {
            lock.unlock();
        }
    }

    /** Releases (no effect when not pressed). */
    public void release() {
        lock.lock();
        try {
            cancelPendingRelease();
            drive(false);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the agent currently drives the button pressed. */
    public boolean pressed() {
        return pressed;
    }

    /** The pi4j output (tests read the mock's state). */
    public DigitalOutput output() {
        return line;
    }

    private void timedRelease(ScheduledFuture<?> self) {
        lock.lock();
        try {
            if (pendingRelease != null && pendingRelease == self) {
                pendingRelease = null;
                drive(false);
            }
        } catch (RuntimeException e) {
            // reported by the next request that touches the line
        } finally {
            lock.unlock();
        }
    }

    private void cancelPendingRelease() {
        if (pendingRelease != null) {
            pendingRelease.cancel(false);
            pendingRelease = null;
        }
    }

    private void drive(boolean press) {
        Level level = press ? active : (active == Level.HIGH ? Level.LOW : Level.HIGH);
        try {
            line.state(GpioLines.state(level));
            pressed = press;
        } catch (RuntimeException e) {
            throw new HardwareException("button GPIO " + lineNumber + ": cannot drive " + level.wire() + ": " + e.getMessage(), e);
        }
    }
}
