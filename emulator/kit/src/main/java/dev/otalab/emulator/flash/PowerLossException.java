package dev.otalab.emulator.flash;

/**
 * Power was lost before a flash operation: the operation was <em>not</em> performed, and every
 * later operation fails the same way until power returns ({@link PowerFailInjector#setPowered}).
 * Whatever runs the emulated CPU (bootloader model, app) must let this propagate and stop: the
 * kit then resets, as the real chip would.
 */
public class PowerLossException extends RuntimeException {

    private final long operation;

    public PowerLossException(String message, long operation) {
        super(message, null, false, false);
        this.operation = operation;
    }

    /**
     * The 1-based number (since the injector's counter was last reset) of the operation that was
     * refused, or 0 when the refused access was a read (reads are not counted).
     */
    public long operation() {
        return operation;
    }
}
