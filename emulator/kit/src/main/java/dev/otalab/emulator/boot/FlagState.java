package dev.otalab.emulator.boot;

/** Decoded one-byte trailer flag (image_ok, copy_done): SET = 1, BAD = 2, UNSET = 3. */
public enum FlagState {
    SET(1), BAD(2), UNSET(3);

    private final int code;

    FlagState(int code) {
        this.code = code;
    }

    /** {@code BOOT_FLAG_*} value, as the trailer dump prints it ({@code 0x1}, {@code 0x2}, {@code 0x3}). */
    public int code() {
        return code;
    }

    /** Decodes a flag byte read from flash: erased → UNSET, exactly 0x01 → SET, else BAD. */
    public static FlagState decode(byte value, byte erased) {
        if (value == erased) {
            return UNSET;
        }
        return value == 1 ? SET : BAD;
    }
}
