package dev.otalab.emulator.boot;

/**
 * Where a swap keeps its trailer fields (magic, swap_info, swap_size, copy_done, image_ok) and
 * its progress records, per area. Two backends:
 *
 * <ul>
 *   <li>{@link InSlotStatusStore}: upstream MCUboot, everything at the end of the slots and the
 *       scratch (mcuboot-boot.md §2, §7);</li>
 *   <li>{@link PartitionStatusStore}: Infineon's fork, the same logical fields in the
 *       swap-status partition, with the in-slot trailer bytes as a mailbox the application
 *       writes (§9).</li>
 * </ul>
 *
 * Every write is its own counted flash operation (or, for the partition, an erase plus a write
 * of one record row), so interruption tests see the same granularity as on the device.
 */
interface StatusStore {

    /** Progress found in an area's status records. */
    record Progress(boolean found, int idx, int state, boolean inconsistent) {
        static final Progress NONE = new Progress(false, 1, 1, false);
    }

    /** {@code boot_read_swap_state}; the partition backend may import mailbox bytes (writes). */
    SwapState read(TrailerArea area);

    /** The same decoding without side effects, for views and tests. */
    SwapState peek(TrailerArea area);

    void writeMagic(TrailerArea area);

    void writeImageOk(TrailerArea area);

    void writeCopyDone(TrailerArea area);

    void writeSwapInfo(TrailerArea area, SwapType type, int image);

    void writeSwapSize(TrailerArea area, long swapSize);

    long readSwapSize(TrailerArea area);

    /** Records that {@code state} (1..3) of region {@code idx} (1-based, top first) is done. */
    void writeStatus(TrailerArea area, int idx, int state);

    /** Scans the area's records; {@link Progress#NONE} when nothing was recorded. */
    Progress readProgress(TrailerArea area);

    /** {@code swap_scramble_trailer_sectors}: forget the area's trailer and records. */
    void scrambleTrailer(TrailerArea area);

    /** Bytes at the end of each slot that image copies leave alone. */
    long slotTrailerSize();

    /** Bytes at the end of the scratch kept for its trailer (0 when it has none in flash). */
    long scratchTrailerSize();

    /** True for the upstream layout, where the top region's records go through the scratch. */
    boolean statusInSlots();

    /** Upstream "use scratch" case: copy the two records kept in the scratch into the primary. */
    void copyScratchStatusToPrimary();

    /** Short name for logs and reports. */
    String describe();
}
