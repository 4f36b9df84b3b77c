package dev.otalab.emulator.boot;

/**
 * The decoded trailer of one area ({@code struct boot_swap_state}): magic, the swap type and image
 * number from swap_info, copy_done and image_ok.
 */
public record SwapState(MagicState magic, SwapType swapType, int imageNum, FlagState copyDone, FlagState imageOk) {

    /** What an erased (or unreachable) trailer reads as. */
    public static final SwapState UNSET =
            new SwapState(MagicState.UNSET, SwapType.NONE, 0, FlagState.UNSET, FlagState.UNSET);

    /**
     * The simulator's triple (magic, image_ok, copy_done) with 1 = good/set, 2 = bad, 3 =
     * unset, e.g. {@code "1,3,1"} after a TEST swap (mcuboot-boot.md §13.4).
     */
    public String triple() {
        return magic.code() + "," + imageOk.code() + "," + copyDone.code();
    }

    /** {@code magic=good, swap_type=0x1, copy_done=0x3, image_ok=0x3} as MCUboot logs it. */
    String logText() {
        return "magic=" + magic.logName() + ", swap_type=0x" + Integer.toHexString(swapType.code())
                + ", copy_done=0x" + Integer.toHexString(copyDone.code())
                + ", image_ok=0x" + Integer.toHexString(imageOk.code());
    }
}
