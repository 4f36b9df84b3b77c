package dev.otalab.emulator.boot;

/** Decoded trailer magic (mcuboot-boot.md §1): GOOD = 1, BAD = 2, UNSET = 3. */
public enum MagicState {
    GOOD(1), BAD(2), UNSET(3);

    private final int code;

    MagicState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The word MCUboot's trailer dump uses: {@code good}, {@code bad}, {@code unset}. */
    public String logName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
