package dev.otalab.mcuboot.hex;

import dev.otalab.mcuboot.McubootException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Sparse bytes in a 32-bit address space: what an Intel HEX file holds.
 *
 * <p>Addresses are {@code long}s in {@code [0, 0x1_0000_0000)}. Bytes are kept as contiguous
 * segments in a sorted map (no per-byte objects); a put that touches or overlaps existing
 * segments merges with them. Segments grow in place with spare room at both ends, so building a
 * several-MB image record by record costs amortised O(1) per byte whether records come in
 * ascending or descending order.
 *
 * <p>Overlap rules: {@link #put} overwrites whatever was there (last write wins, like
 * {@code IntelHex.puts}). Reading a HEX file is stricter: {@link IntelHex#parse} rejects a data
 * record that touches an address already defined, even with the same value, exactly as the
 * Python {@code intelhex} package does (its {@code AddressOverlapError}).
 *
 * <p>{@link #minAddress()} and {@link #maxAddress()} are both <em>inclusive</em> (the lowest and
 * highest address holding a byte, as {@code intelhex}'s {@code minaddr()}/{@code maxaddr()});
 * {@link #endAddress()} is the exclusive end, {@code maxAddress() + 1}.
 *
 * <p>Not thread-safe.
 */
public final class MemoryImage {

    /** One past the highest address. */
    public static final long ADDRESS_LIMIT = 0x1_0000_0000L;

    /** Longest contiguous run (and longest {@link #toContiguous} result) this class will hold. */
    static final int MAX_RUN = Integer.MAX_VALUE - 8;

    /**
     * A mutable run of bytes for addresses {@code [start, start + len)}, stored at
     * {@code buf[off .. off + len)}; the buffer keeps spare room on either side so that both
     * appending and prepending are amortised O(1) per byte.
     */
    static final class Run {
        long start;
        byte[] buf;
        int off;
        int len;

        Run(long start, byte[] buf, int off, int len) {
            this.start = start;
            this.buf = buf;
            this.off = off;
            this.len = len;
        }

        long end() {
            return start + len;
        }

        /**
         * Widens the run to {@code [newStart, newEnd)} (a superset of the current range), keeping
         * the present bytes at their addresses; the caller fills the new room.
         */
        void cover(long newStart, long newEnd) {
            int newLen = checkedRunLength(newEnd - newStart);
            int front = (int) (start - newStart);
            int back = newLen - len - front;
            if (front > off || back > buf.length - off - len) {
                int cap = (int) Math.min(MAX_RUN, Math.max(newLen, Math.max(16L, 2L * buf.length)));
                int slack = cap - newLen;
                int newOff = back == 0 ? slack : front == 0 ? 0 : slack / 2;
                byte[] grown = new byte[cap];
                System.arraycopy(buf, off, grown, newOff + front, len);
                buf = grown;
                off = newOff + front;
            }
            off -= front;
            start = newStart;
            len = newLen;
        }

        void copyIn(long address, byte[] data, int from, int length) {
            System.arraycopy(data, from, buf, off + (int) (address - start), length);
        }
    }

    private final TreeMap<Long, Run> runs = new TreeMap<>();
    private long size;
    private StartAddress startAddress;

    public MemoryImage() {
    }

    /** An image holding a copy of {@code data} at {@code address}. */
    public static MemoryImage of(long address, byte[] data) {
        MemoryImage image = new MemoryImage();
        image.put(address, data);
        return image;
    }

    /** Puts a copy of {@code data} at {@code address}, overwriting any bytes already there. */
    public MemoryImage put(long address, byte[] data) {
        return put(address, data, 0, data.length);
    }

    /**
     * Puts {@code length} bytes of {@code data} from {@code offset} at {@code address},
     * overwriting any bytes already there.
     *
     * @throws McubootException if the bytes would not fit below {@link #ADDRESS_LIMIT}
     */
    public MemoryImage put(long address, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length == 0) {
            checkAddress(address);
            return this;
        }
        checkRange(address, length);
        long end = address + length;

        Map.Entry<Long, Run> floor = runs.floorEntry(address);
        Run first = floor != null && floor.getValue().end() >= address ? floor.getValue() : null;
        Map.Entry<Long, Run> higher = runs.higherEntry(address);
        boolean touchesNext = higher != null && higher.getKey() <= end;

        if (first != null && !touchesNext) {
            // Overwrite inside and/or append to one run (its start, the map key, stays).
            size -= first.len;
            first.cover(first.start, Math.max(first.end(), end));
            first.copyIn(address, data, offset, length);
            size += first.len;
            return this;
        }
        if (first == null && !touchesNext) {
            runs.put(address, new Run(address, Arrays.copyOfRange(data, offset, offset + length), 0, length));
            size += length;
            return this;
        }

        // Merge every run the new bytes touch into the largest of them (small into large keeps
        // repeated merging O(n log n)), then lay the new bytes over the result.
        List<Run> touched = new ArrayList<>();
        if (first != null) {
            touched.add(first);
        }
        touched.addAll(runs.subMap(address, false, end, true).values());
        Run base = touched.get(0);
        for (Run r : touched) {
            if (r.len > base.len) {
                base = r;
            }
        }
        long newStart = Math.min(touched.get(0).start, address);
        long newEnd = Math.max(touched.get(touched.size() - 1).end(), end);
        long oldKey = base.start;
        size -= base.len;
        base.cover(newStart, newEnd);
        for (Run r : touched) {
            if (r != base) {
                runs.remove(r.start);
                size -= r.len;
                base.copyIn(r.start, r.buf, r.off, r.len);
            }
        }
        base.copyIn(address, data, offset, length);
        if (oldKey != newStart) {
            runs.remove(oldKey);
            runs.put(newStart, base);
        }
        size += base.len;
        return this;
    }

    /** The byte at {@code address} as 0..255, or -1 if none is there. */
    public int get(long address) {
        Map.Entry<Long, Run> floor = runs.floorEntry(address);
        if (floor == null) {
            return -1;
        }
        Run r = floor.getValue();
        return address < r.end() ? r.buf[r.off + (int) (address - r.start)] & 0xFF : -1;
    }

    /**
     * The lowest address in {@code [address, address + length)} that already holds a byte, or -1
     * if that range is free.
     */
    public long firstUsedAddress(long address, long length) {
        if (length <= 0) {
            return -1;
        }
        Map.Entry<Long, Run> floor = runs.floorEntry(address);
        if (floor != null && floor.getValue().end() > address) {
            return address;
        }
        Map.Entry<Long, Run> higher = runs.higherEntry(address);
        if (higher != null && higher.getKey() < address + length) {
            return higher.getKey();
        }
        return -1;
    }

    /** True when no byte is set. */
    public boolean isEmpty() {
        return runs.isEmpty();
    }

    /** Number of addresses holding a byte. */
    public long size() {
        return size;
    }

    /** Lowest address holding a byte (inclusive). @throws McubootException if empty */
    public long minAddress() {
        requireData();
        return runs.firstKey();
    }

    /** Highest address holding a byte (inclusive). @throws McubootException if empty */
    public long maxAddress() {
        return endAddress() - 1;
    }

    /** One past the highest address holding a byte (exclusive). @throws McubootException if empty */
    public long endAddress() {
        requireData();
        return runs.lastEntry().getValue().end();
    }

    /** The contiguous runs in address order, each a copy (adjacent puts are one run). */
    public List<Segment> segments() {
        List<Segment> out = new ArrayList<>(runs.size());
        for (Run r : runs.values()) {
            out.add(new Segment(r.start, Arrays.copyOfRange(r.buf, r.off, r.off + r.len)));
        }
        return Collections.unmodifiableList(out);
    }

    /** Number of contiguous runs. */
    public int segmentCount() {
        return runs.size();
    }

    /**
     * {@code length} bytes starting at {@code address}; addresses holding no byte read as
     * {@code fill}.
     */
    public byte[] read(long address, int length, int fill) {
        checkFill(fill);
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        byte[] out = new byte[length];
        if (fill != 0) {
            Arrays.fill(out, (byte) fill);
        }
        long end = address + length;
        Long from = runs.floorKey(address);
        for (Run r : runs.subMap(from != null ? from : address, true, end, false).values()) {
            long s = Math.max(r.start, address);
            long e = Math.min(r.end(), end);
            if (s < e) {
                System.arraycopy(r.buf, r.off + (int) (s - r.start), out, (int) (s - address), (int) (e - s));
            }
        }
        return out;
    }

    /**
     * The bytes from {@link #minAddress()} to {@link #maxAddress()} inclusive with gaps filled
     * with {@code fill} (what {@code imgtool verify} does with a {@code .hex} input); an empty
     * array for an empty image.
     *
     * @throws McubootException if that span is too long for one array
     */
    public byte[] toContiguous(int fill) {
        checkFill(fill);
        if (isEmpty()) {
            return new byte[0];
        }
        long span = endAddress() - minAddress();
        if (span > MAX_RUN) {
            throw new McubootException(String.format(
                    "memory image spans %d bytes (0x%08X..0x%08X), too much for one binary",
                    span, minAddress(), maxAddress()));
        }
        return read(minAddress(), (int) span, fill);
    }

    /** The start (entry point) address record, if any. */
    public Optional<StartAddress> startAddress() {
        return Optional.ofNullable(startAddress);
    }

    /** Sets or (with null) clears the start address written as a type 03/05 record. */
    public MemoryImage setStartAddress(StartAddress startAddress) {
        this.startAddress = startAddress;
        return this;
    }

    /** The live runs, for the writer (no copies). */
    Collection<Run> runs() {
        return runs.values();
    }

    /** Same bytes at the same addresses and the same start address. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MemoryImage other) || other.runs.size() != runs.size()
                || other.size != size || !Objects.equals(startAddress, other.startAddress)) {
            return false;
        }
        var it = other.runs.values().iterator();
        for (Run a : runs.values()) {
            Run b = it.next();
            if (a.start != b.start || !Arrays.equals(a.buf, a.off, a.off + a.len, b.buf, b.off, b.off + b.len)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(startAddress);
        for (Run r : runs.values()) {
            h = 31 * h + Long.hashCode(r.start);
            for (int i = r.off; i < r.off + r.len; i++) {
                h = 31 * h + r.buf[i];
            }
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MemoryImage[");
        int shown = 0;
        for (Run r : runs.values()) {
            if (shown++ == 8) {
                sb.append(", ... ").append(runs.size() - 8).append(" more");
                break;
            }
            sb.append(shown > 1 ? ", " : "").append(String.format("0x%08X+%d", r.start, r.len));
        }
        if (startAddress != null) {
            sb.append("; start ").append(startAddress);
        }
        return sb.append(']').toString();
    }

    private void requireData() {
        if (runs.isEmpty()) {
            throw new McubootException("memory image is empty");
        }
    }

    private static void checkAddress(long address) {
        if (address < 0 || address >= ADDRESS_LIMIT) {
            throw new McubootException(String.format("address 0x%X is outside 0..0xFFFFFFFF", address));
        }
    }

    private static void checkRange(long address, int length) {
        checkAddress(address);
        if (address + length > ADDRESS_LIMIT) {
            throw new McubootException(String.format(
                    "%d bytes at 0x%08X run past 0xFFFFFFFF", length, address));
        }
    }

    private static int checkedRunLength(long length) {
        if (length > MAX_RUN) {
            throw new McubootException("contiguous run of " + length + " bytes is too long");
        }
        return (int) length;
    }

    private static void checkFill(int fill) {
        if (fill < 0 || fill > 0xFF) {
            throw new IllegalArgumentException("fill must be 0..255, got " + fill);
        }
    }

    /** A contiguous run of bytes: {@code data.length} bytes from {@code address}. */
    public static final class Segment {
        private final long address;
        private final byte[] data;

        Segment(long address, byte[] data) {
            this.address = address;
            this.data = data;
        }

        /** First address (inclusive). */
        public long address() {
            return address;
        }

        /** One past the last address (exclusive). */
        public long end() {
            return address + data.length;
        }

        public int length() {
            return data.length;
        }

        /** A copy of the bytes. */
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Segment s && s.address == address && Arrays.equals(s.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(address) + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return String.format("Segment[0x%08X..0x%08X)", address, end());
        }
    }
}
