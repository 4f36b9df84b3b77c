package dev.otalab.emulator.flash;

/**
 * The power rail of one kit, shared by all its flash devices, with MCUboot-simulator style
 * power-failure injection.
 *
 * <p>Every flash operation (one {@link FlashDevice#write write} call, or the erase of one
 * sector) first asks this object for permission. Operations are numbered from 1 since the
 * last {@link #resetOperationCount()}; {@link #operationCount()} is the number actually
 * performed, so an uninterrupted run reports {@code N}.
 *
 * <ul>
 *   <li>{@link #armAt(long) armAt(n)}: the n-th operation from now is <em>not performed</em>;
 *       it throws {@link PowerLossException} and the rail goes down (reset just before the n-th
 *       operation, no torn writes). Operations 1..n-1 are performed normally.</li>
 *   <li>{@link #setPowered(boolean) setPowered(false)}: power is off (time-based cuts, a
 *       switched-off kit); every flash access, reads included, throws
 *       {@link PowerLossException} until {@code setPowered(true)}.</li>
 * </ul>
 *
 * <p>Thread-safe: a timer thread may cut power while the kit's thread runs the bootloader. An
 * operation either happens completely or not at all.
 */
public final class PowerFailInjector {

    private long operations;
    private long failAt; // absolute operation number to refuse; 0 = disarmed
    private volatile boolean powered = true;
    private long powerLosses;

    /**
     * Arms a failure: the {@code n}-th operation from now (n ≥ 1) is refused. {@code armAt(1)}
     * refuses the very next operation. Replaces any earlier arming.
     */
    public synchronized void armAt(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        failAt = operations + n;
    }

    public synchronized void disarm() {
        failAt = 0;
    }

    public synchronized boolean isArmed() {
        return failAt != 0;
    }

    /** Operations still allowed before the armed failure, or -1 when disarmed. */
    public synchronized long operationsBeforeFailure() {
        return failAt == 0 ? -1 : failAt - operations - 1;
    }

    /** Operations performed since the last {@link #resetOperationCount()}. */
    public synchronized long operationCount() {
        return operations;
    }

    /** Restarts operation numbering at zero; an armed failure keeps its distance from now. */
    public synchronized void resetOperationCount() {
        if (failAt != 0) {
            failAt -= operations;
        }
        operations = 0;
    }

    /** How many times an armed failure has fired since this injector was made. */
    public synchronized long powerLossCount() {
        return powerLosses;
    }

    public boolean isPowered() {
        return powered;
    }

    /** Switches the rail. Switching on does not disarm a pending failure. */
    public void setPowered(boolean on) {
        powered = on;
    }

    /** Throws when power is off; for uncounted accesses (reads). */
    public void checkPowered(String what) {
        if (!powered) {
            throw new PowerLossException("power is off: " + what + " refused", 0);
        }
    }

    /**
     * Asks for one flash operation. Counts it and returns when it may be performed; throws
     * {@link PowerLossException} (without counting) when power is off or this is the armed
     * operation — in which case power goes off.
     *
     * @param what a short description for the exception message, e.g. "erase sector 3 of qspi"
     */
    public void beforeOperation(String what) {
        beforeOperation(what, null, 0, 0);
    }

    /** As {@link #beforeOperation(String)}; the message is only built when the operation is refused. */
    synchronized void beforeOperation(String op, String device, long offset, long len) {
        long number = operations + 1;
        if (!powered) {
            throw new PowerLossException("power is off: " + describe(op, device, offset, len) + " refused", number);
        }
        if (number == failAt) {
            failAt = 0;
            powered = false;
            powerLosses++;
            throw new PowerLossException(
                    "power lost before operation #" + number + " (" + describe(op, device, offset, len) + ")", number);
        }
        operations = number;
    }

    private static String describe(String op, String device, long offset, long len) {
        return device == null ? op
                : op + " 0x" + Long.toHexString(len) + " bytes at 0x" + Long.toHexString(offset) + " on " + device;
    }

    @Override
    public synchronized String toString() {
        return "PowerFailInjector[ops=" + operations + (failAt != 0 ? ", failAt=" + failAt : "")
                + (powered ? "" : ", OFF") + "]";
    }
}
