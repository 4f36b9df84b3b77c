package dev.otalab.emulator.flash;

/**
 * A write inside a "bad region" failed without changing any data (MCUboot simulator's bad
 * region; the real driver would return an error code). It was counted as an operation. Unlike a
 * {@link FlashViolationException} this is a hardware fault the bootloader is expected to handle.
 */
public class FlashWriteFailedException extends RuntimeException {

    private final String device;
    private final long offset;

    public FlashWriteFailedException(String device, long offset, String message) {
        super("[" + device + "] " + message);
        this.device = device;
        this.offset = offset;
    }

    public String device() {
        return device;
    }

    public long offset() {
        return offset;
    }
}
