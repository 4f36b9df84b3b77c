package dev.otalab.emulator.flash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The immutable shape of a flash memory: its sector layout, minimum write size {@code W} and
 * erased value (MCUboot simulator: "a device = list of sector sizes + write alignment + erased
 * value"). One geometry may be shared by any number of devices.
 *
 * <p>Runs of equal-sized sectors are stored once, so a 2 MB internal flash of 4096 rows costs a
 * few words, not a table of 4096 entries.
 */
public final class FlashGeometry {

    /** Largest supported write alignment (one storage page). */
    public static final int MAX_WRITE_ALIGNMENT = SparseStore.PAGE_SIZE;

    private final long size;
    private final int writeAlignment;
    private final byte erasedValue;
    private final int sectorCount;
    // run r: runCount[r] sectors of runSectorSize[r] bytes, the first at runOffset[r] with index runFirst[r]
    private final long[] runOffset;
    private final long[] runSectorSize;
    private final int[] runFirst;
    private final int[] runCount;

    private FlashGeometry(List<long[]> runs, int writeAlignment, byte erasedValue) {
        if (writeAlignment < 1 || Integer.bitCount(writeAlignment) != 1 || writeAlignment > MAX_WRITE_ALIGNMENT) {
            throw new IllegalArgumentException(
                    "write alignment must be a power of two in 1.." + MAX_WRITE_ALIGNMENT + ", got " + writeAlignment);
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a flash device needs at least one sector");
        }
        int n = runs.size();
        runOffset = new long[n];
        runSectorSize = new long[n];
        runFirst = new int[n];
        runCount = new int[n];
        long offset = 0;
        long index = 0;
        for (int r = 0; r < n; r++) {
            long sectorSize = runs.get(r)[0];
            long count = runs.get(r)[1];
            if (sectorSize <= 0 || sectorSize % writeAlignment != 0) {
                throw new IllegalArgumentException("sector size " + sectorSize
                        + " must be positive and a multiple of the write alignment " + writeAlignment);
            }
            runOffset[r] = offset;
            runSectorSize[r] = sectorSize;
            runFirst[r] = (int) index;
            runCount[r] = (int) count;
            offset = Math.addExact(offset, Math.multiplyExact(sectorSize, count));
            index += count;
            if (index > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("too many sectors");
            }
        }
        this.size = offset;
        this.sectorCount = (int) index;
        this.writeAlignment = writeAlignment;
        this.erasedValue = erasedValue;
    }

    /** {@code size / sectorSize} sectors of {@code sectorSize} bytes. */
    public static FlashGeometry uniform(long size, long sectorSize, int writeAlignment, int erasedValue) {
        if (sectorSize <= 0 || size <= 0 || size % sectorSize != 0) {
            throw new IllegalArgumentException(
                    "size 0x" + Long.toHexString(size) + " is not a positive multiple of sector size 0x"
                            + Long.toHexString(sectorSize));
        }
        return new FlashGeometry(List.of(new long[] {sectorSize, size / sectorSize}), writeAlignment,
                erasedByte(erasedValue));
    }

    /** Sectors of the given sizes, in address order (mixed layouts, as in MCUboot's simulator). */
    public static FlashGeometry ofSectors(List<Long> sectorSizes, int writeAlignment, int erasedValue) {
        Objects.requireNonNull(sectorSizes, "sectorSizes");
        List<long[]> runs = new ArrayList<>();
        for (Long s : sectorSizes) {
            long sz = Objects.requireNonNull(s, "sector size");
            if (!runs.isEmpty() && runs.get(runs.size() - 1)[0] == sz) {
                runs.get(runs.size() - 1)[1]++;
            } else {
                runs.add(new long[] {sz, 1});
            }
        }
        return new FlashGeometry(runs, writeAlignment, erasedByte(erasedValue));
    }

    /** Sectors given as {@code (count, sectorSize)} regions in address order, e.g. XMC7200 code flash. */
    public static FlashGeometry ofRegions(int writeAlignment, int erasedValue, long... countAndSize) {
        if (countAndSize.length == 0 || countAndSize.length % 2 != 0) {
            throw new IllegalArgumentException("expected (count, sectorSize) pairs");
        }
        List<long[]> runs = new ArrayList<>();
        for (int i = 0; i < countAndSize.length; i += 2) {
            if (countAndSize[i] <= 0) {
                throw new IllegalArgumentException("sector count must be positive");
            }
            runs.add(new long[] {countAndSize[i + 1], countAndSize[i]});
        }
        return new FlashGeometry(runs, writeAlignment, erasedByte(erasedValue));
    }

    private static byte erasedByte(int erasedValue) {
        if (erasedValue < 0 || erasedValue > 0xFF) {
            throw new IllegalArgumentException("erased value must be 0x00..0xFF, got " + erasedValue);
        }
        return (byte) erasedValue;
    }

    public long size() {
        return size;
    }

    /** Minimum write size {@code W}: every write's offset and length are multiples of it. */
    public int writeAlignment() {
        return writeAlignment;
    }

    public byte erasedValue() {
        return erasedValue;
    }

    public int sectorCount() {
        return sectorCount;
    }

    /** True when every sector has the same size. */
    public boolean isUniform() {
        return runOffset.length == 1;
    }

    /** The sector containing {@code offset} (0 ≤ offset &lt; size). */
    public Sector sectorAt(long offset) {
        if (offset < 0 || offset >= size) {
            throw new IndexOutOfBoundsException("offset 0x" + Long.toHexString(offset) + " outside 0..0x"
                    + Long.toHexString(size));
        }
        int r = runOf(offset);
        long k = (offset - runOffset[r]) / runSectorSize[r];
        return new Sector(runFirst[r] + (int) k, runOffset[r] + k * runSectorSize[r], runSectorSize[r]);
    }

    /** The sector with the given index. */
    public Sector sector(int index) {
        Objects.checkIndex(index, sectorCount);
        int r = Arrays.binarySearch(runFirst, index);
        if (r < 0) {
            r = -r - 2;
        }
        long k = index - runFirst[r];
        return new Sector(index, runOffset[r] + k * runSectorSize[r], runSectorSize[r]);
    }

    /** True when {@code offset} is the start of a sector or the end of the device. */
    public boolean isSectorBoundary(long offset) {
        if (offset == size) {
            return true;
        }
        if (offset < 0 || offset > size) {
            return false;
        }
        int r = runOf(offset);
        return (offset - runOffset[r]) % runSectorSize[r] == 0;
    }

    /** All sectors in address order (built on demand). */
    public List<Sector> sectors() {
        return sectorsIn(0, size);
    }

    /** The sectors overlapping {@code [offset, offset + len)}, in address order. */
    public List<Sector> sectorsIn(long offset, long len) {
        List<Sector> out = new ArrayList<>();
        if (len <= 0) {
            return out;
        }
        long end = Math.min(size, offset + len);
        long at = Math.max(0, offset);
        while (at < end) {
            Sector s = sectorAt(at);
            out.add(s);
            at = s.end();
        }
        return out;
    }

    private int runOf(long offset) {
        int r = Arrays.binarySearch(runOffset, offset);
        return r >= 0 ? r : -r - 2;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FlashGeometry[size=0x").append(Long.toHexString(size)).append(", sectors=");
        for (int r = 0; r < runOffset.length; r++) {
            if (r > 0) {
                sb.append('+');
            }
            sb.append(runCount[r]).append("x0x").append(Long.toHexString(runSectorSize[r]));
        }
        return sb.append(", W=").append(writeAlignment)
                .append(", erased=0x").append(String.format("%02X", erasedValue & 0xFF)).append(']').toString();
    }
}
