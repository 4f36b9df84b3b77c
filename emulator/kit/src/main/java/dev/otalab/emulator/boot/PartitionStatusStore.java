package dev.otalab.emulator.boot;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Infineon's swap-status partition (mcuboot-boot.md §9; fork v1.9.1-cypress
 * {@code swap_status_part.c}, {@code swap_status_misc.c}), modelled closely enough that the same
 * power-failure tests apply:
 *
 * <ul>
 *   <li>three zones, for the primary slot, the secondary slot and the scratch, each
 *       {@code 2·D} bytes: two copies ({@code MULT 2}) of {@code D = row·(ceil(N/payload) + 1)}
 *       bytes, {@code row} = the partition's erase unit (512 on PSoC 6);</li>
 *   <li>each row: {@code row − 12} bytes of payload, the record magic {@code 0xDEADBEEF}, a u32
 *       counter and a CRC32C of the rest (all little endian);</li>
 *   <li>an update of any byte rewrites its row into the other copy with the counter incremented:
 *       one row erase and one row write, so an interrupted update leaves the old copy valid;
 *       a read takes the valid copy with the highest counter, or erased bytes when neither copy
 *       has the record magic;</li>
 *   <li>logical layout of a zone's payload ({@code raw} bytes): one progress byte per region at
 *       {@code idx − 1} (the last state done, 1..3; the scratch zone has one), and at the end
 *       swap_size (4), swap_info, copy_done, image_ok (1 each) and the 16-byte magic.</li>
 * </ul>
 *
 * The slots' own trailer bytes are a mailbox: a secondary magic (and image_ok) written by the
 * application at {@code S−16} ({@code S−16−MA}) is imported when the partition's is erased, the
 * slot's magic then erased; a primary image_ok the application writes at {@code S−16−MA} is
 * imported once copy_done is set; when copy_done is written the fields are also copied into the
 * primary's in-slot trailer (so the application can read and confirm there).
 *
 * <p>Differences from the fork, all on purpose: progress is read back from the scratch zone too
 * (the fork never resumes from it), a zone is erased trailer rows first, and the primary's
 * in-slot trailer is rewritten only when it differs.
 */
final class PartitionStatusStore implements StatusStore {

    static final long RECORD_MAGIC = 0xDEADBEEFL;
    /** Bytes of the in-slot mailbox: swap_size, swap_info, copy_done, image_ok, magic (MA 8: 48). */
    private final int mailbox;
    /** Bytes of the slot the fork erases as "trailer" (BOOT_SWAP_STATUS_TRAILER_SIZE). */
    private static final int SLOT_TRAILER_ERASE = 64;

    private final FlashRegion part;
    private final FlashRegion primary;
    private final FlashRegion secondary;
    private final FlashRegion scratch;
    private final TrailerFormat fmt;
    private final int maxSectors;
    private final int row;
    private final int payload;
    private final int sectRows;
    private final int trailRows;
    private final int dSize;
    private final int zoneSize;
    private final int raw;
    private final byte pe; // partition erased value

    PartitionStatusStore(FlashRegion part, FlashRegion primary, FlashRegion secondary, FlashRegion scratch,
                         TrailerFormat fmt, int maxSectors) {
        this.part = part;
        this.primary = primary;
        this.secondary = secondary;
        this.scratch = scratch;
        this.fmt = fmt;
        this.maxSectors = maxSectors;
        this.row = (int) part.sectors().get(0).size();
        for (FlashRegion.AreaSector s : part.sectors()) {
            if (s.size() != row) {
                throw new IllegalArgumentException("swap-status partition needs uniform rows: " + part);
            }
        }
        if (row < 16 || row % 16 != 0) {
            throw new IllegalArgumentException("swap-status row size " + row + " is not a multiple of 16");
        }
        this.payload = row - 12;
        this.sectRows = (maxSectors - 1) / payload + 1;
        this.trailRows = (64 - 1) / payload + 1;
        this.dSize = row * (sectRows + trailRows);
        this.zoneSize = 2 * dSize;
        this.raw = payload * (sectRows + trailRows);
        this.pe = part.erased();
        this.mailbox = (int) TrailerFormat.alignUp(fmt.infoSize(), Math.max(primary.align(), secondary.align()));
        if ((long) zoneSize * 3 > part.size()) {
            throw new IllegalArgumentException(String.format(
                    "swap-status partition of 0x%x bytes is too small: 3 zones of 0x%x needed for %d sectors",
                    part.size(), zoneSize, maxSectors));
        }
    }

    /** Bytes of one zone (both copies). */
    int zoneSize() {
        return zoneSize;
    }

    // ------------------------------------------------------------------ logical offsets

    private int magicOff() {
        return raw - TrailerFormat.MAGIC_SIZE;
    }

    private int imageOkOff() {
        return magicOff() - 1;
    }

    private int copyDoneOff() {
        return imageOkOff() - 1;
    }

    private int swapInfoOff() {
        return copyDoneOff() - 1;
    }

    private int swapSizeOff() {
        return swapInfoOff() - 4;
    }

    private static int zone(TrailerArea a) {
        return switch (a) {
            case PRIMARY -> 0;
            case SECONDARY -> 1;
            case SCRATCH -> 2;
        };
    }

    private FlashRegion slot(TrailerArea a) {
        return switch (a) {
            case PRIMARY -> primary;
            case SECONDARY -> secondary;
            case SCRATCH -> scratch;
        };
    }

    // ------------------------------------------------------------------ records

    private record Record(byte[] payload, int copy, long counter) {
    }

    private long rowOffset(int zone, int copy, int rowIndex) {
        return (long) zone * zoneSize + (long) copy * dSize + (long) rowIndex * row;
    }

    private Record readRecord(int zone, int rowIndex, boolean live) {
        int magicFail = 0;
        int crcFail = 0;
        long maxCounter = 0;
        int maxCopy = -1;
        byte[] best = null;
        for (int c = 0; c < 2; c++) {
            long off = rowOffset(zone, c, rowIndex);
            byte[] b = live ? part.read(off, row) : part.dump(off, row);
            if (u32(b, payload) != RECORD_MAGIC) {
                magicFail++;
                continue;
            }
            if (u32(b, row - 4) != crc(b)) {
                crcFail++;
                continue;
            }
            long counter = u32(b, payload + 4);
            if (counter >= maxCounter) {
                maxCounter = counter;
                maxCopy = c;
                best = b;
            }
        }
        if (magicFail == 2) {
            byte[] erased = new byte[payload];
            Arrays.fill(erased, pe);
            return new Record(erased, 1, 0);
        }
        if (best == null) {
            throw new StatusCorruptException(String.format(
                    "swap-status zone %d row %d: no copy with a valid CRC (%d bad CRC, %d without magic)",
                    zone, rowIndex, crcFail, magicFail));
        }
        return new Record(Arrays.copyOf(best, payload), maxCopy, maxCounter);
    }

    private void writeRecord(int zone, int rowIndex, Record previous, byte[] newPayload) {
        byte[] b = new byte[row];
        System.arraycopy(newPayload, 0, b, 0, payload);
        putU32(b, payload, RECORD_MAGIC);
        putU32(b, payload + 4, previous.counter() + 1);
        putU32(b, row - 4, crc(b));
        int copy = previous.copy() == 1 ? 0 : 1;
        long off = rowOffset(zone, copy, rowIndex);
        part.erase(off, row, false);
        part.write(off, b);
    }

    private byte[] retrieve(int zone, int off, int len, boolean live) {
        byte[] out = new byte[len];
        int done = 0;
        while (done < len) {
            int at = off + done;
            Record r = readRecord(zone, at / payload, live);
            int in = at % payload;
            int n = Math.min(len - done, payload - in);
            System.arraycopy(r.payload(), in, out, done, n);
            done += n;
        }
        return out;
    }

    private void update(int zone, int off, byte[] data) {
        int done = 0;
        while (done < data.length) {
            int at = off + done;
            int rowIndex = at / payload;
            Record r = readRecord(zone, rowIndex, true);
            byte[] p = r.payload().clone();
            int in = at % payload;
            int n = Math.min(data.length - done, payload - in);
            System.arraycopy(data, done, p, in, n);
            writeRecord(zone, rowIndex, r, p);
            done += n;
        }
    }

    // ------------------------------------------------------------------ trailer fields

    @Override
    public SwapState read(TrailerArea area) {
        return decode(area, true);
    }

    @Override
    public SwapState peek(TrailerArea area) {
        return decode(area, false);
    }

    private SwapState decode(TrailerArea area, boolean live) {
        int z = zone(area);
        FlashRegion slot = slot(area);
        byte[] tail = retrieve(z, swapSizeOff(), 4 + 1 + 1 + 1 + TrailerFormat.MAGIC_SIZE, live);
        byte[] magicBytes = Arrays.copyOfRange(tail, 7, 7 + TrailerFormat.MAGIC_SIZE);
        boolean eraseSlotMagic = false;
        MagicState magic;
        if (allEqual(magicBytes, pe)) {
            magic = MagicState.UNSET;
            if (area == TrailerArea.SECONDARY) {
                long s = slot.size();
                byte[] slotMagic = live ? slot.read(fmt.magicOff(s), TrailerFormat.MAGIC_SIZE)
                        : slot.dump(fmt.magicOff(s), TrailerFormat.MAGIC_SIZE);
                if (!allEqual(slotMagic, slot.erased())) {
                    magic = Arrays.equals(slotMagic, fmt.magic()) ? MagicState.GOOD : MagicState.BAD;
                    if (live && magic == MagicState.GOOD) {
                        update(z, magicOff(), slotMagic);
                    }
                    eraseSlotMagic = true;
                }
            }
        } else {
            magic = Arrays.equals(magicBytes, fmt.magic()) ? MagicState.GOOD : MagicState.BAD;
        }
        byte info = tail[4];
        SwapType type = SwapType.NONE;
        int image = 0;
        if (info != pe && (info & 0x0F) <= SwapType.REVERT.code()) {
            type = SwapType.fromInfoNibble(info & 0x0F);
            image = (info >>> 4) & 0x0F;
        }
        FlagState copyDone = tail[5] == pe ? FlagState.UNSET : (tail[5] == 1 ? FlagState.SET : FlagState.BAD);
        FlagState imageOk;
        if (tail[6] == pe) {
            imageOk = FlagState.UNSET;
            boolean lookInSlot = area == TrailerArea.SECONDARY || (area == TrailerArea.PRIMARY && copyDone == FlagState.SET);
            if (lookInSlot) {
                long off = slot.size() - TrailerFormat.MAGIC_SIZE - fmt.maxAlign();
                byte v = live ? slot.read(off, 1)[0] : slot.dump(off, 1)[0];
                if (v != slot.erased()) {
                    imageOk = v == 1 ? FlagState.SET : FlagState.BAD;
                    if (live && imageOk != FlagState.BAD) {
                        update(z, imageOkOff(), new byte[] {v});
                    }
                    eraseSlotMagic = false;
                }
            }
        } else {
            imageOk = tail[6] == 1 ? FlagState.SET : FlagState.BAD;
        }
        if (live && eraseSlotMagic) {
            slot.eraseCovering(fmt.magicOff(slot.size()), TrailerFormat.MAGIC_SIZE, true);
        }
        return new SwapState(magic, type, image, copyDone, imageOk);
    }

    @Override
    public void writeMagic(TrailerArea area) {
        update(zone(area), magicOff(), fmt.magic());
    }

    @Override
    public void writeImageOk(TrailerArea area) {
        update(zone(area), imageOkOff(), new byte[] {1});
    }

    @Override
    public void writeCopyDone(TrailerArea area) {
        if (area == TrailerArea.PRIMARY) {
            copyTrailerToPrimarySlot();
        }
        update(zone(area), copyDoneOff(), new byte[] {1});
    }

    @Override
    public void writeSwapInfo(TrailerArea area, SwapType type, int image) {
        update(zone(area), swapInfoOff(), new byte[] {(byte) ((image << 4) | type.code())});
    }

    @Override
    public void writeSwapSize(TrailerArea area, long swapSize) {
        byte[] v = new byte[4];
        putU32(v, 0, swapSize);
        update(zone(area), swapSizeOff(), v);
    }

    @Override
    public long readSwapSize(TrailerArea area) {
        return u32(retrieve(zone(area), swapSizeOff(), 4, true), 0);
    }

    /**
     * {@code swap_status_to_image_trailer}: the primary zone's fields, with copy_done set, as an
     * upstream trailer at the end of the primary slot (erased partition bytes become the slot's
     * erased value). Written when absent; skipped when already there (a resumed boot).
     */
    private void copyTrailerToPrimarySlot() {
        byte[] tail = retrieve(0, swapSizeOff(), 4 + 1 + 1 + 1 + TrailerFormat.MAGIC_SIZE, true);
        byte se = primary.erased();
        long s = primary.size();
        byte[] buf = new byte[mailbox];
        Arrays.fill(buf, se);
        long base = s - mailbox;
        byte[] magicBytes = Arrays.copyOfRange(tail, 7, 7 + TrailerFormat.MAGIC_SIZE);
        if (!allEqual(magicBytes, pe) || pe == se) {
            System.arraycopy(magicBytes, 0, buf, (int) (fmt.magicOff(s) - base), TrailerFormat.MAGIC_SIZE);
        }
        buf[(int) (fmt.imageOkOff(s) - base)] = convert(tail[6], se);
        buf[(int) (fmt.copyDoneOff(s) - base)] = 1;
        buf[(int) (fmt.swapInfoOff(s) - base)] = convert(tail[4], se);
        byte[] size = Arrays.copyOfRange(tail, 0, 4);
        if (!allEqual(size, pe) || pe == se) {
            System.arraycopy(size, 0, buf, (int) (fmt.swapSizeOff(s) - base), 4);
        }
        byte[] now = primary.read(base, mailbox);
        if (Arrays.equals(now, buf)) {
            return;
        }
        if (!primary.isWritable(base, mailbox)) {
            primary.eraseCovering(base, mailbox, true);
        }
        primary.write(base, buf);
    }

    private byte convert(byte v, byte slotErased) {
        return v == pe ? slotErased : v;
    }

    // ------------------------------------------------------------------ progress

    @Override
    public void writeStatus(TrailerArea area, int idx, int state) {
        update(zone(area), idx - 1, new byte[] {(byte) state});
    }

    @Override
    public Progress readProgress(TrailerArea area) {
        int entries = area == TrailerArea.SCRATCH ? 1 : maxSectors;
        byte[] b = retrieve(zone(area), 0, entries, true);
        boolean found = false;
        int foundIdx = -1;
        boolean invalid = false;
        int last = 0;
        for (int i = 0; i < entries; i++) {
            if (b[i] == pe) {
                if (found && foundIdx == -1) {
                    foundIdx = i;
                }
            } else {
                last = b[i] & 0xFF;
                if (!found) {
                    found = true;
                } else if (foundIdx > 0) {
                    invalid = true;
                    break;
                }
            }
        }
        if (!found) {
            return new Progress(false, 1, 1, invalid);
        }
        if (foundIdx == -1) {
            foundIdx = entries;
        }
        int idx = foundIdx;
        int state = last + 1;
        if (state > 3) {
            state = 1;
            idx++;
        }
        return new Progress(true, idx, state, invalid);
    }

    @Override
    public void scrambleTrailer(TrailerArea area) {
        int z = zone(area);
        // trailer rows of both copies first, so the magic goes within two operations; then the
        // progress rows from the top down
        for (int r = sectRows + trailRows - 1; r >= sectRows; r--) {
            for (int c = 0; c < 2; c++) {
                part.erase(rowOffset(z, c, r), row, false);
            }
        }
        for (int r = sectRows - 1; r >= 0; r--) {
            for (int c = 0; c < 2; c++) {
                part.erase(rowOffset(z, c, r), row, false);
            }
        }
        if (area == TrailerArea.SECONDARY) {
            FlashRegion slot = slot(area);
            slot.eraseCovering(slot.size() - SLOT_TRAILER_ERASE, SLOT_TRAILER_ERASE, true);
        }
    }

    @Override
    public long slotTrailerSize() {
        return mailbox;
    }

    @Override
    public long scratchTrailerSize() {
        return 0;
    }

    @Override
    public boolean statusInSlots() {
        return false;
    }

    @Override
    public void copyScratchStatusToPrimary() {
        throw new UnsupportedOperationException("the status partition keeps no records in the scratch");
    }

    @Override
    public String describe() {
        return String.format("swap-status partition %s (row %d, %d+%d rows per copy, zone 0x%x)",
                part, row, sectRows, trailRows, zoneSize);
    }

    // ------------------------------------------------------------------ helpers

    private long crc(byte[] rowBytes) {
        CRC32C c = new CRC32C();
        c.update(rowBytes, 0, row - 4);
        return c.getValue();
    }

    private static boolean allEqual(byte[] b, byte v) {
        for (byte x : b) {
            if (x != v) {
                return false;
            }
        }
        return true;
    }

    static long u32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }

    static void putU32(byte[] b, int off, long v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    /** A zone row has the record magic in both copies but no copy with a valid CRC. */
    static final class StatusCorruptException extends RuntimeException {
        StatusCorruptException(String message) {
            super(message);
        }
    }
}
