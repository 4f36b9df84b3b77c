package dev.otalab.agent.board;

/** Switches one kit's supply: a relay on a GPIO line or a command (USB hub port). */
public interface PowerSwitch {

    /**
     * Switches the supply on or off and returns when done.
     *
     * @throws HardwareException when the switch failed
     */
    void set(boolean on);

    /** For messages and logs, e.g. {@code relay on GPIO 27 (on = low)}. */
    String describe();
}
