package dev.otalab.agent.board;

/**
 * A device behind the agent failed (GPIO write, serial port, relay command, programmer): answered
 * as 502 {@code hardware-error}. The message is the problem's detail.
 */
public class HardwareException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HardwareException(String message) {
        super(message);
    }

    public HardwareException(String message, Throwable cause) {
        super(message, cause);
    }
}
