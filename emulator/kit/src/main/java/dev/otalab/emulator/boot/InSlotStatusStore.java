package dev.otalab.emulator.boot;

/**
 * Upstream MCUboot's in-slot layout (mcuboot-boot.md §2, §7.2–7.3): every trailer field and the
 * progress records live at the end of the area they describe.
 *
 * <p>Status records are {@code elem} = BOOT_WRITE_SZ apart (the larger of the primary's and the
 * scratch's write size); each is written with the area's own write size. The status block of a
 * slot holds {@code 3·N} records and starts {@code trailer_size(elem)} bytes before the end; the
 * scratch holds 3. (Upstream computes the scratch's status offset with the scratch's own write
 * size while spacing records by BOOT_WRITE_SZ; using BOOT_WRITE_SZ for both keeps the scratch
 * records clear of its swap_size field. Nothing else depends on the difference.)
 */
final class InSlotStatusStore implements StatusStore {

    private final FlashRegion primary;
    private final FlashRegion secondary;
    private final FlashRegion scratch; // null in overwrite mode
    private final TrailerFormat fmt;
    private final int elem;
    private final int maxSectors;

    InSlotStatusStore(FlashRegion primary, FlashRegion secondary, FlashRegion scratch, TrailerFormat fmt,
                      int maxSectors) {
        this.primary = primary;
        this.secondary = secondary;
        this.scratch = scratch;
        this.fmt = fmt;
        this.maxSectors = maxSectors;
        this.elem = scratch == null ? primary.align() : Math.max(primary.align(), scratch.align());
        for (FlashRegion r : new FlashRegion[] {primary, secondary, scratch}) {
            if (r != null && r.align() > fmt.maxAlign()) {
                throw new IllegalArgumentException(r.name() + ": write size " + r.align()
                        + " exceeds BOOT_MAX_ALIGN " + fmt.maxAlign());
            }
        }
    }

    /** BOOT_WRITE_SZ. */
    int elem() {
        return elem;
    }

    /** {@code boot_trailer_sz(BOOT_WRITE_SZ)}: status block plus fields. */
    long trailerSize() {
        return (long) maxSectors * 3 * elem + fmt.infoSize();
    }

    long scratchTrailerSizeBytes() {
        return 3L * elem + fmt.infoSize();
    }

    FlashRegion region(TrailerArea a) {
        return switch (a) {
            case PRIMARY -> primary;
            case SECONDARY -> secondary;
            case SCRATCH -> {
                if (scratch == null) {
                    throw new IllegalStateException("no scratch area in this layout");
                }
                yield scratch;
            }
        };
    }

    long statusOff(TrailerArea a) {
        FlashRegion r = region(a);
        return r.size() - (a == TrailerArea.SCRATCH ? scratchTrailerSizeBytes() : trailerSize());
    }

    private int entries(TrailerArea a) {
        return a == TrailerArea.SCRATCH ? 3 : 3 * maxSectors;
    }

    @Override
    public SwapState read(TrailerArea area) {
        FlashRegion r = region(area);
        int n = fmt.infoSize();
        return fmt.decode(r.read(r.size() - n, n), r.size(), r.erased());
    }

    @Override
    public SwapState peek(TrailerArea area) {
        FlashRegion r = region(area);
        int n = fmt.infoSize();
        return fmt.decode(r.dump(r.size() - n, n), r.size(), r.erased());
    }

    @Override
    public void writeMagic(TrailerArea area) {
        FlashRegion r = region(area);
        r.write(fmt.magicBlockOff(r.size()), fmt.magicField(r.erased()));
    }

    @Override
    public void writeImageOk(TrailerArea area) {
        FlashRegion r = region(area);
        r.write(fmt.imageOkOff(r.size()), fmt.field(1, r.align(), r.erased()));
    }

    @Override
    public void writeCopyDone(TrailerArea area) {
        FlashRegion r = region(area);
        r.write(fmt.copyDoneOff(r.size()), fmt.field(1, r.align(), r.erased()));
    }

    @Override
    public void writeSwapInfo(TrailerArea area, SwapType type, int image) {
        FlashRegion r = region(area);
        r.write(fmt.swapInfoOff(r.size()), fmt.field((image << 4) | type.code(), r.align(), r.erased()));
    }

    @Override
    public void writeSwapSize(TrailerArea area, long swapSize) {
        FlashRegion r = region(area);
        r.write(fmt.swapSizeOff(r.size()), fmt.swapSizeField(swapSize, r.align(), r.erased()));
    }

    @Override
    public long readSwapSize(TrailerArea area) {
        FlashRegion r = region(area);
        byte[] b = r.read(fmt.swapSizeOff(r.size()), 4);
        return (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
    }

    @Override
    public void writeStatus(TrailerArea area, int idx, int state) {
        FlashRegion r = region(area);
        long off = statusOff(area) + (long) (idx - 1) * 3 * elem + (long) (state - 1) * elem;
        r.write(off, fmt.field(state, r.align(), r.erased()));
    }

    @Override
    public Progress readProgress(TrailerArea area) {
        FlashRegion r = region(area);
        long off = statusOff(area);
        int max = entries(area);
        byte e = r.erased();
        // one read of the whole block, then the scan of swap_read_status_bytes
        long span = (long) (max - 1) * elem + 1;
        byte[] block = r.read(off, (int) span);
        boolean found = false;
        int foundIdx = 0;
        boolean invalid = false;
        int i;
        for (i = 0; i < max; i++) {
            byte status = block[i * elem];
            if (status == e) {
                if (found && foundIdx == 0) {
                    foundIdx = i;
                }
            } else if (!found) {
                found = true;
            } else if (foundIdx != 0) {
                invalid = true;
                break;
            }
        }
        if (!found) {
            return new Progress(false, 1, 1, invalid);
        }
        if (foundIdx == 0) {
            foundIdx = i;
        }
        return new Progress(true, foundIdx / 3 + 1, foundIdx % 3 + 1, invalid);
    }

    @Override
    public void scrambleTrailer(TrailerArea area) {
        FlashRegion r = region(area);
        long trailer = area == TrailerArea.SCRATCH ? scratchTrailerSizeBytes() : trailerSize();
        long from = r.sectorAt(Math.max(0, r.size() - trailer)).offset();
        r.erase(from, r.size() - from, true);
    }

    /** Offset of the first sector that holds trailer bytes ({@code boot_get_first_trailer_sector}). */
    long firstTrailerSectorOff(TrailerArea area) {
        FlashRegion r = region(area);
        return r.sectorAt(Math.max(0, r.size() - trailerSize())).offset();
    }

    @Override
    public long slotTrailerSize() {
        return trailerSize();
    }

    @Override
    public long scratchTrailerSize() {
        return scratchTrailerSizeBytes();
    }

    @Override
    public boolean statusInSlots() {
        return true;
    }

    @Override
    public void copyScratchStatusToPrimary() {
        byte[] records = scratch.read(statusOff(TrailerArea.SCRATCH), 2 * elem);
        primary.write(statusOff(TrailerArea.PRIMARY), records);
    }

    @Override
    public String describe() {
        return "in-slot trailers (BOOT_WRITE_SZ " + elem + ", trailer 0x" + Long.toHexString(trailerSize()) + ")";
    }
}
