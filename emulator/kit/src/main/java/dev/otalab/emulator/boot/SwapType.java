package dev.otalab.emulator.boot;

/** MCUboot swap types (mcuboot-boot.md §1), with their numeric codes. */
public enum SwapType {
    NONE(1), TEST(2), PERM(3), REVERT(4), FAIL(5), PANIC(0xFF);

    private final int code;

    SwapType(int code) {
        this.code = code;
    }

    /** {@code BOOT_SWAP_TYPE_*} value, as stored in the low nibble of swap_info. */
    public int code() {
        return code;
    }

    /** TEST, PERM or REVERT: an image has to be moved. */
    public boolean isUpgrade() {
        return this == TEST || this == PERM || this == REVERT;
    }

    /** The word MCUboot logs for it ({@code test}, {@code perm}, {@code revert}, {@code none}). */
    public String logName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Decodes the swap type nibble of a swap_info byte: 1..4 map to their type, anything else
     * (0, FAIL, garbage) is read as NONE, as {@code boot_read_swap_state} does.
     */
    public static SwapType fromInfoNibble(int nibble) {
        return switch (nibble) {
            case 2 -> TEST;
            case 3 -> PERM;
            case 4 -> REVERT;
            default -> NONE;
        };
    }
}
