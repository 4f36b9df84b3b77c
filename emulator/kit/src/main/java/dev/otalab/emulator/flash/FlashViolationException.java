package dev.otalab.emulator.flash;

/**
 * A flash rule was broken: a write to a location not erased since it was last written, a
 * misaligned write, an access outside the device, an erase not on sector boundaries, or an
 * unmapped CPU address. In MCUboot's simulator any of these fails the test; the emulator treats
 * it as a bug in the model driving the flash, never as a condition to recover from.
 *
 * <p>The rejected operation has not changed anything and has not been counted as an operation.
 */
public class FlashViolationException extends RuntimeException {

    private final String device;
    private final long offset;

    public FlashViolationException(String device, long offset, String message) {
        super(device == null ? message : "[" + device + "] " + message);
        this.device = device;
        this.offset = offset;
    }

    /** Name of the device the operation was aimed at, or {@code null} (unmapped CPU address). */
    public String device() {
        return device;
    }

    /** The offending offset (device offset, or the CPU address when no device was found). */
    public long offset() {
        return offset;
    }
}
