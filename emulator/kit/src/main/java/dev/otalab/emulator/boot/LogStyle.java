package dev.otalab.emulator.boot;

/**
 * Which MCUboot's strings the model prints (mcuboot-boot.md §12): upstream 2.x, or Infineon's
 * fork v1.9.1-cypress used by the PSoC 6 kits.
 */
public enum LogStyle {
    /** mcu-tools/mcuboot 2.x strings ({@code Image index: 0, Swap type: test}, ...). */
    UPSTREAM,
    /** Infineon fork strings ({@code Swap type: test}, ...); what PSoC 6 kits print. */
    CYPRESS;

    String swapType(int image, SwapType type) {
        return this == CYPRESS ? "Swap type: " + type.logName()
                : "Image index: " + image + ", Swap type: " + type.logName();
    }

    String primaryDumpLabel() {
        return this == CYPRESS ? "boot_swap_type_multi: Primary image" : null;
    }

    String secondaryDumpLabel() {
        return this == CYPRESS ? "boot_swap_type_multi: Secondary image" : null;
    }

    String overwriteStart(int image) {
        return this == CYPRESS ? "Image upgrade secondary slot -> primary slot"
                : "Image " + image + " upgrade secondary slot -> primary slot";
    }

    String overwriteCopy(int image, long bytes) {
        return this == CYPRESS ? "Copying the secondary slot to the primary slot: 0x" + Long.toHexString(bytes) + " bytes"
                : "Image " + image + " copying the secondary slot to the primary slot: 0x" + Long.toHexString(bytes)
                        + " bytes";
    }

    String insufficientVersion() {
        return this == CYPRESS ? "insufficient version in secondary slot" : "Insufficient version in secondary slot";
    }

    String badImageMagic(long magic, int image) {
        return this == CYPRESS ? "bad image magic 0x" + Long.toHexString(magic) + "; Image=" + image
                : "Bad image magic 0x" + Long.toHexString(magic) + "; Image=" + image;
    }

    String failedReadingSectors(int maxSectors) {
        return "Failed reading sectors; BOOT_MAX_IMG_SECTORS=" + maxSectors + " - too small?";
    }
}
