package dev.otalab.agent.gpio;

import com.pi4j.io.gpio.digital.DigitalOutput;
import dev.otalab.agent.board.HardwareException;
import dev.otalab.agent.board.PowerSwitch;
import dev.otalab.agent.config.AgentConfig.Level;

/** The kit's supply through a relay on a GPIO line; {@code active} is the level at which the kit is powered. */
public final class RelayPower implements PowerSwitch {

    private final DigitalOutput line;
    private final int lineNumber;
    private final Level active;

    public RelayPower(DigitalOutput line, int lineNumber, Level active) {
        this.line = line;
        this.lineNumber = lineNumber;
        this.active = active;
    }

    @Override
    public void set(boolean on) {
        Level level = on ? active : (active == Level.HIGH ? Level.LOW : Level.HIGH);
        try {
            line.state(GpioLines.state(level));
        } catch (RuntimeException e) {
            throw new HardwareException("power relay GPIO " + lineNumber + ": cannot drive " + level.wire() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "relay on GPIO " + lineNumber + " (on = " + active.wire() + ")";
    }

    /** The pi4j output (tests read the mock's state). */
    public DigitalOutput output() {
        return line;
    }
}
