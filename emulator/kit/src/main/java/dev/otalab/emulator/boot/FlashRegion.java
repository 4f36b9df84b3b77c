package dev.otalab.emulator.boot;

import dev.otalab.emulator.flash.FlashAddressSpace;
import dev.otalab.emulator.flash.FlashDevice;
import dev.otalab.emulator.flash.Sector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One flash area ({@code struct flash_area}) as the bootloader sees it: offsets relative to the
 * area start, the device's erased value and minimum write size, and the area's sectors.
 *
 * <p>Sectors are the device's erase sectors clipped to the area, as Infineon's
 * {@code flash_area_get_sectors} reports them: the PSoC 6 external secondary at {@code …0200}
 * starts with a sector of {@code 0x3FE00} bytes and ends with one of {@code 0x200}. Erasing such
 * a clipped sector erases the whole device sector (the Infineon QSPI driver rounds down to the
 * sector start); {@link Mcuboot} checks that the extra bytes belong to no other area.
 */
final class FlashRegion {

    /** A sector of the area, offsets relative to the area start. */
    record AreaSector(long offset, long size) {
        long end() {
            return offset + size;
        }
    }

    private final String name;
    private final long address;
    private final long size;
    private final FlashDevice device;
    private final long base; // device offset of area offset 0
    private final List<AreaSector> sectors;

    FlashRegion(String name, long address, long size, FlashAddressSpace space) {
        this.name = name;
        this.address = address;
        this.size = size;
        FlashAddressSpace.Mapping m = space.mappingAt(address);
        if (!m.contains(address + size - 1)) {
            throw new IllegalArgumentException(String.format("%s [0x%08x, +0x%x) does not fit in device %s",
                    name, address, size, m.device().name()));
        }
        this.device = m.device();
        this.base = m.offsetOf(address);
        List<AreaSector> list = new ArrayList<>();
        for (Sector s : device.geometry().sectorsIn(base, size)) {
            long from = Math.max(s.offset(), base);
            long to = Math.min(s.end(), base + size);
            list.add(new AreaSector(from - base, to - from));
        }
        this.sectors = Collections.unmodifiableList(list);
    }

    String name() {
        return name;
    }

    long address() {
        return address;
    }

    long size() {
        return size;
    }

    FlashDevice device() {
        return device;
    }

    byte erased() {
        return device.erasedValue();
    }

    /** The device's minimum write size ({@code flash_area_align}). */
    int align() {
        return device.writeAlignment();
    }

    List<AreaSector> sectors() {
        return sectors;
    }

    int sectorCount() {
        return sectors.size();
    }

    /** Device bytes an erase of this area may touch: whole device sectors covering the area. */
    long[] eraseFootprint() {
        Sector first = device.geometry().sectorAt(base);
        Sector last = device.geometry().sectorAt(base + size - 1);
        return new long[] {first.offset(), last.end()};
    }

    /** Index of the sector containing {@code off}. */
    int sectorIndexAt(long off) {
        checkRange(off, 1);
        int lo = 0;
        int hi = sectors.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (sectors.get(mid).offset() <= off) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    AreaSector sectorAt(long off) {
        return sectors.get(sectorIndexAt(off));
    }

    boolean isSectorBoundary(long off) {
        return off == size || (off >= 0 && off < size && sectorAt(off).offset() == off);
    }

    // ------------------------------------------------------------------ reads

    byte[] read(long off, int len) {
        checkRange(off, len);
        return device.read(base + off, len);
    }

    void read(long off, byte[] dst, int dstOff, int len) {
        checkRange(off, len);
        device.read(base + off, dst, dstOff, len);
    }

    boolean isErased(long off, long len) {
        checkRange(off, len);
        return device.isErased(base + off, len);
    }

    /**
     * True when no byte of the range has been programmed since its last erase (the flash model's
     * write flags; a byte programmed with the erased value counts as programmed).
     */
    boolean isWritable(long off, long len) {
        checkRange(off, len);
        return device.isWritable(base + off, len);
    }

    /** Out-of-band read (no power needed), for views and tests. */
    byte[] dump(long off, int len) {
        checkRange(off, len);
        return device.dump(base + off, len);
    }

    // ------------------------------------------------------------------ writes and erases

    /** One flash write (one counted operation). */
    void write(long off, byte[] src) {
        write(off, src, 0, src.length);
    }

    void write(long off, byte[] src, int srcOff, int len) {
        checkRange(off, len);
        device.write(base + off, src, srcOff, len);
    }

    /**
     * Erases the area sectors covering {@code [off, off+len)}, which must start and end on area
     * sector boundaries; each area sector erases its device sector(s), one operation each.
     * {@code backwards} erases from the top sector down (MCUboot scrambles trailers that way).
     */
    void erase(long off, long len, boolean backwards) {
        if (len == 0) {
            return;
        }
        checkRange(off, len);
        if (!isSectorBoundary(off) || !isSectorBoundary(off + len)) {
            throw new IllegalArgumentException(String.format(
                    "%s: erase [0x%x, 0x%x) is not on sector boundaries", name, off, off + len));
        }
        int first = sectorIndexAt(off);
        int last = sectorIndexAt(off + len - 1);
        if (backwards) {
            for (int i = last; i >= first; i--) {
                eraseSector(sectors.get(i));
            }
        } else {
            for (int i = first; i <= last; i++) {
                eraseSector(sectors.get(i));
            }
        }
    }

    /** Erases the sectors containing any byte of {@code [off, off+len)}. */
    void eraseCovering(long off, long len, boolean backwards) {
        if (len == 0) {
            return;
        }
        long from = sectorAt(off).offset();
        long to = sectorAt(off + len - 1).end();
        erase(from, to - from, backwards);
    }

    private void eraseSector(AreaSector s) {
        long from = base + s.offset();
        long to = from + s.size();
        Sector d = device.geometry().sectorAt(from);
        long start = d.offset();
        Sector e = device.geometry().sectorAt(to - 1);
        device.erase(start, e.end() - start);
    }

    /**
     * Application-style programming: writes {@code src} at {@code off} when those bytes have not
     * been programmed since their erase; otherwise read-modify-writes every sector the range
     * touches (erase the sector, write it back with the change; one operation each) as the PSoC 6
     * flash driver's row writes do. The written-back span counts as programmed. Ranges are
     * widened to the write size with the bytes already there.
     */
    void program(long off, byte[] src) {
        int w = align();
        long from = Math.floorDiv(off, w) * w;
        long to = Math.floorDiv(off + src.length + w - 1, w) * w;
        byte[] buf = read(from, (int) (to - from));
        System.arraycopy(src, 0, buf, (int) (off - from), src.length);
        if (isWritable(from, to - from)) {
            write(from, buf);
            return;
        }
        for (long s = sectorAt(from).offset(); s < to; ) {
            AreaSector sec = sectorAt(s);
            byte[] data = read(sec.offset(), (int) sec.size());
            long a = Math.max(from, sec.offset());
            long b = Math.min(to, sec.end());
            System.arraycopy(buf, (int) (a - from), data, (int) (a - sec.offset()), (int) (b - a));
            eraseSector(sec);
            writeBack(sec, data);
            s = sec.end();
        }
    }

    /** Writes a sector's content back after an erase, skipping erased write units at the ends. */
    private void writeBack(AreaSector sec, byte[] data) {
        int w = align();
        byte e = erased();
        int lo = 0;
        int hi = data.length;
        while (lo < hi && isErasedUnit(data, lo, w, e)) {
            lo += w;
        }
        while (hi > lo && isErasedUnit(data, hi - w, w, e)) {
            hi -= w;
        }
        if (hi > lo) {
            write(sec.offset() + lo, data, lo, hi - lo);
        }
    }

    private static boolean isErasedUnit(byte[] data, int at, int w, byte e) {
        for (int i = at; i < at + w; i++) {
            if (data[i] != e) {
                return false;
            }
        }
        return true;
    }

    /** A block of {@code len} erased bytes. */
    byte[] erasedBlock(int len) {
        byte[] b = new byte[len];
        Arrays.fill(b, erased());
        return b;
    }

    private void checkRange(long off, long len) {
        if (off < 0 || len < 0 || off > size - len) {
            throw new IndexOutOfBoundsException(String.format("%s: [0x%x, +0x%x) outside the area of 0x%x bytes",
                    name, off, len, size));
        }
    }

    @Override
    public String toString() {
        return String.format("%s[0x%08x, 0x%08x) on %s", name, address, address + size, device.name());
    }
}
