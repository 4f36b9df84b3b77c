package dev.otalab.emulator.flash;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Sparse contents of one device: 4 KB pages allocated on the first write into them and dropped
 * again when erasing leaves no written unit in them. Per page, one bit per write unit ({@code W}
 * bytes) records "written since last erase"; once every unit of a page is written the bit set is
 * dropped too, so a fully written page costs its 4 KB of data plus a few dozen bytes.
 *
 * <p>Invariant: a unit whose bit is clear holds the erased value, so a page without written
 * units is all erased and need not be stored. Pages are found through a two-level table (1 MB
 * per directory block), so an untouched 32 MB device costs a 32-entry array.
 *
 * <p>Not thread-safe; {@link FlashDevice} serialises access. Callers validate ranges.
 */
final class SparseStore {

    static final int PAGE_SHIFT = 12;
    static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final int BLOCK_SHIFT = 8; // pages per directory block
    private static final int BLOCK_PAGES = 1 << BLOCK_SHIFT;

    // Heap estimates with compressed oops (12-byte headers, 8-byte object alignment).
    private static final int PAGE_OBJECT_BYTES = 24; // header + data ref + bits ref + int count
    private static final int ARRAY_HEADER_BYTES = 16;
    private static final int BITSET_OBJECT_BYTES = 24;

    private static final class Page {
        final byte[] data = new byte[PAGE_SIZE];
        /** Written units; {@code null} when every unit of the page is written. */
        BitSet written;
        int writtenUnits;
    }

    private final byte erased;
    private final int unitShift;
    private final int unitsPerPage;
    private final Page[][] directory;
    private final int[] blockPages;
    private int pages;
    private long bitSetBytes;

    SparseStore(long size, int writeAlignment, byte erased) {
        this.erased = erased;
        this.unitShift = Integer.numberOfTrailingZeros(writeAlignment);
        this.unitsPerPage = PAGE_SIZE >> unitShift;
        long pageCount = (size + PAGE_SIZE - 1) >>> PAGE_SHIFT;
        long blocks = (pageCount + BLOCK_PAGES - 1) >>> BLOCK_SHIFT;
        this.directory = new Page[Math.toIntExact(blocks)][];
        this.blockPages = new int[directory.length];
    }

    private Page page(long pageIndex) {
        Page[] block = directory[(int) (pageIndex >>> BLOCK_SHIFT)];
        return block == null ? null : block[(int) (pageIndex & (BLOCK_PAGES - 1))];
    }

    private Page allocate(long pageIndex) {
        int b = (int) (pageIndex >>> BLOCK_SHIFT);
        Page[] block = directory[b];
        if (block == null) {
            block = directory[b] = new Page[BLOCK_PAGES];
        }
        Page p = new Page();
        if (erased != 0) {
            Arrays.fill(p.data, erased);
        }
        p.written = new BitSet(unitsPerPage);
        bitSetBytes += bitSetCost();
        block[(int) (pageIndex & (BLOCK_PAGES - 1))] = p;
        blockPages[b]++;
        pages++;
        return p;
    }

    private void drop(long pageIndex, Page p) {
        int b = (int) (pageIndex >>> BLOCK_SHIFT);
        directory[b][(int) (pageIndex & (BLOCK_PAGES - 1))] = null;
        if (p.written != null) {
            bitSetBytes -= bitSetCost();
        }
        pages--;
        if (--blockPages[b] == 0) {
            directory[b] = null;
        }
    }

    private long bitSetCost() {
        int words = (unitsPerPage + 63) >>> 6;
        return BITSET_OBJECT_BYTES + ARRAY_HEADER_BYTES + 8L * words;
    }

    void read(long offset, byte[] dst, int dstOff, int len) {
        while (len > 0) {
            long pageIndex = offset >>> PAGE_SHIFT;
            int in = (int) (offset & (PAGE_SIZE - 1));
            int n = Math.min(len, PAGE_SIZE - in);
            Page p = page(pageIndex);
            if (p == null) {
                Arrays.fill(dst, dstOff, dstOff + n, erased);
            } else {
                System.arraycopy(p.data, in, dst, dstOff, n);
            }
            offset += n;
            dstOff += n;
            len -= n;
        }
    }

    /** Offset of the first unit in {@code [offset, offset+len)} written since its erase, or -1. */
    long firstWritten(long offset, long len) {
        long end = offset + len;
        while (offset < end) {
            long pageIndex = offset >>> PAGE_SHIFT;
            long pageStart = pageIndex << PAGE_SHIFT;
            long stop = Math.min(end, pageStart + PAGE_SIZE);
            Page p = page(pageIndex);
            if (p != null) {
                if (p.written == null) {
                    return offset;
                }
                int from = (int) ((offset - pageStart) >>> unitShift);
                int to = (int) ((stop - pageStart + (1L << unitShift) - 1) >>> unitShift);
                int hit = p.written.nextSetBit(from);
                if (hit >= 0 && hit < to) {
                    return pageStart + ((long) hit << unitShift);
                }
            }
            offset = stop;
        }
        return -1;
    }

    /** Stores the bytes and marks their units written; the units must be unwritten and aligned. */
    void write(long offset, byte[] src, int srcOff, int len) {
        while (len > 0) {
            long pageIndex = offset >>> PAGE_SHIFT;
            int in = (int) (offset & (PAGE_SIZE - 1));
            int n = Math.min(len, PAGE_SIZE - in);
            Page p = page(pageIndex);
            if (p == null) {
                p = allocate(pageIndex);
            }
            System.arraycopy(src, srcOff, p.data, in, n);
            int from = in >>> unitShift;
            int to = (in + n) >>> unitShift;
            p.written.set(from, to);
            p.writtenUnits += to - from;
            if (p.writtenUnits == unitsPerPage) {
                p.written = null;
                bitSetBytes -= bitSetCost();
            }
            offset += n;
            srcOff += n;
            len -= n;
        }
    }

    /** Sets {@code [offset, offset+len)} to the erased value and marks it unwritten. */
    void erase(long offset, long len) {
        long end = offset + len;
        while (offset < end) {
            long pageIndex = offset >>> PAGE_SHIFT;
            long pageStart = pageIndex << PAGE_SHIFT;
            long stop = Math.min(end, pageStart + PAGE_SIZE);
            Page p = page(pageIndex);
            if (p != null) {
                int in = (int) (offset - pageStart);
                int n = (int) (stop - offset);
                if (n == PAGE_SIZE) {
                    drop(pageIndex, p);
                } else {
                    if (p.written == null) {
                        p.written = new BitSet(unitsPerPage);
                        p.written.set(0, unitsPerPage);
                        bitSetBytes += bitSetCost();
                    }
                    int from = in >>> unitShift;
                    int to = (in + n + (1 << unitShift) - 1) >>> unitShift;
                    p.written.clear(from, to);
                    p.writtenUnits = p.written.cardinality();
                    if (p.writtenUnits == 0) {
                        drop(pageIndex, p);
                    } else {
                        Arrays.fill(p.data, in, in + n, erased);
                    }
                }
            }
            offset = stop;
        }
    }

    /** Allocated pages that still keep per-unit write flags (not fully written). */
    int pagesWithFlags() {
        int n = 0;
        for (Page[] b : directory) {
            if (b != null) {
                for (Page p : b) {
                    if (p != null && p.written != null) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** Allocated pages. */
    int pages() {
        return pages;
    }

    /**
     * Estimated heap retained by the contents: page data, write flags, page objects and
     * directory blocks (compressed-oops object sizes). The fixed per-device directory array is
     * included; the {@link FlashDevice} object itself is not.
     */
    long usedBytes() {
        long blocks = 0;
        for (Page[] b : directory) {
            if (b != null) {
                blocks++;
            }
        }
        return (long) pages * (PAGE_OBJECT_BYTES + ARRAY_HEADER_BYTES + PAGE_SIZE)
                + bitSetBytes
                + blocks * (ARRAY_HEADER_BYTES + 4L * BLOCK_PAGES)
                + 2L * (ARRAY_HEADER_BYTES + 4L * directory.length);
    }
}
