package dev.otalab.emulator.boot;

/**
 * Build-time options of the modelled MCUboot (the {@code MCUBOOT_*} defines that matter to an
 * emulator). Immutable; derive variants with the {@code with…} methods.
 *
 * @param validatePrimary     MCUBOOT_VALIDATE_PRIMARY_SLOT: check hash and signature of the
 *                            primary on every boot (Infineon builds: on). Off: only the header
 *                            magic is checked.
 * @param downgradePrevention MCUBOOT_DOWNGRADE_PREVENTION, honoured in overwrite-only mode: a
 *                            secondary with a lower version than the primary is erased
 *                            (USE_SW_DOWNGRADE_PREV of the rollback example).
 * @param bootstrap           MCUBOOT_BOOTSTRAP: an erased or invalid primary with a valid
 *                            secondary makes MCUboot copy the secondary into the primary.
 * @param logStyle            which strings to print (PSoC 6 kits: {@link LogStyle#CYPRESS})
 * @param maxImageSectors     MCUBOOT_MAX_IMG_SECTORS; 0 = take it from the flashmap
 *                            ({@code Flashmap.maxImageSectors()}), or from the layout
 * @param maxAlign            BOOT_MAX_ALIGN (8)
 * @param statusBackend       where swap status lives; {@link StatusBackend#AUTO} picks the
 *                            Infineon swap-status partition when the layout has one
 */
public record BootConfig(boolean validatePrimary, boolean downgradePrevention, boolean bootstrap, LogStyle logStyle,
                         int maxImageSectors, int maxAlign, StatusBackend statusBackend) {

    /** Where the swap status and trailer fields are kept in swap mode (mcuboot-boot.md §2, §9). */
    public enum StatusBackend {
        /** The partition if the layout has a status area, else in-slot trailers. */
        AUTO,
        /** Upstream: trailers and status records at the end of the slots and the scratch. */
        IN_SLOT,
        /** Infineon fork: fields and records in the swap-status partition; slot trailers are a mailbox. */
        PARTITION
    }

    /** Bytes copied per flash write in image copies (MCUboot's copy buffer). */
    public static final int COPY_CHUNK = 1024;

    public BootConfig {
        if (logStyle == null || statusBackend == null) {
            throw new IllegalArgumentException("logStyle and statusBackend are required");
        }
        if (maxImageSectors < 0) {
            throw new IllegalArgumentException("maxImageSectors must be >= 0 (0 = from the layout)");
        }
        if (maxAlign < 8 || Integer.bitCount(maxAlign) != 1 || maxAlign > 32) {
            throw new IllegalArgumentException("maxAlign must be 8, 16 or 32, got " + maxAlign);
        }
    }

    /**
     * What Infineon's PSoC 6 bootloaders are built with: primary validation on, CYPRESS strings,
     * status partition when the map has one; no downgrade prevention, no bootstrap.
     */
    public static BootConfig infineon() {
        return new BootConfig(true, false, false, LogStyle.CYPRESS, 0, 8, StatusBackend.AUTO);
    }

    /** Upstream defaults as the simulator builds them: validation on, UPSTREAM strings, in-slot status. */
    public static BootConfig upstream() {
        return new BootConfig(true, false, false, LogStyle.UPSTREAM, 0, 8, StatusBackend.IN_SLOT);
    }

    public BootConfig withValidatePrimary(boolean on) {
        return new BootConfig(on, downgradePrevention, bootstrap, logStyle, maxImageSectors, maxAlign, statusBackend);
    }

    public BootConfig withDowngradePrevention(boolean on) {
        return new BootConfig(validatePrimary, on, bootstrap, logStyle, maxImageSectors, maxAlign, statusBackend);
    }

    public BootConfig withBootstrap(boolean on) {
        return new BootConfig(validatePrimary, downgradePrevention, on, logStyle, maxImageSectors, maxAlign, statusBackend);
    }

    public BootConfig withLogStyle(LogStyle style) {
        return new BootConfig(validatePrimary, downgradePrevention, bootstrap, style, maxImageSectors, maxAlign, statusBackend);
    }

    public BootConfig withMaxImageSectors(int n) {
        return new BootConfig(validatePrimary, downgradePrevention, bootstrap, logStyle, n, maxAlign, statusBackend);
    }

    public BootConfig withStatusBackend(StatusBackend backend) {
        return new BootConfig(validatePrimary, downgradePrevention, bootstrap, logStyle, maxImageSectors, maxAlign, backend);
    }
}
