package dev.otalab.emulator.flash;

/**
 * Geometries and CPU bases of the memories of the supported kits (spec psoc6-kits.md §1,
 * mcuboot-boot.md §10). Write alignments are MCUboot's minimum write sizes on these parts: 8
 * for PSoC 6 internal flash, 1 for QSPI NOR.
 */
public final class FlashParts {

    /** CPU address of PSoC 6 internal flash. */
    public static final long PSOC6_INTERNAL_BASE = 0x1000_0000L;
    /** CPU address of the SMIF (QSPI) XIP window; device offset = address − base. */
    public static final long QSPI_BASE = 0x1800_0000L;

    /** PSoC 6 internal row: erase unit. */
    public static final int PSOC6_ROW = 0x200;
    /** Sector of the supported S25 QSPI NOR parts. */
    public static final int S25_SECTOR = 0x40000;

    private static final FlashGeometry PSOC6_2M = FlashGeometry.uniform(0x200000, PSOC6_ROW, 8, 0x00);
    private static final FlashGeometry PSOC6_1M = FlashGeometry.uniform(0x100000, PSOC6_ROW, 8, 0x00);
    private static final FlashGeometry PSOC6_512K = FlashGeometry.uniform(0x80000, PSOC6_ROW, 8, 0x00);
    private static final FlashGeometry S25HS256T = FlashGeometry.uniform(0x2000000, S25_SECTOR, 1, 0xFF);
    private static final FlashGeometry S25FL512S = FlashGeometry.uniform(0x4000000, S25_SECTOR, 1, 0xFF);

    private FlashParts() {
    }

    /** PSOC_062_2M internal flash: 2 MB, 512 B rows, W = 8, erased 0x00. */
    public static FlashGeometry psoc6Internal2M() {
        return PSOC6_2M;
    }

    /** PSOC_062_1M / PSOC_063_1M internal flash. */
    public static FlashGeometry psoc6Internal1M() {
        return PSOC6_1M;
    }

    /** PSOC_062_512K internal flash. */
    public static FlashGeometry psoc6Internal512K() {
        return PSOC6_512K;
    }

    /** S25HS256T QSPI NOR (current CE flashmaps): 32 MB, 256 KB sectors, W = 1, erased 0xFF. */
    public static FlashGeometry s25hs256t() {
        return S25HS256T;
    }

    /** S25FL512S / S25HS512T QSPI NOR (older rollback example docs): 64 MB, 256 KB sectors. */
    public static FlashGeometry s25fl512s() {
        return S25FL512S;
    }
}
