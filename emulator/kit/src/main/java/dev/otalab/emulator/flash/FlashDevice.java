package dev.otalab.emulator.flash;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * One physical flash memory with the rules of MCUboot's simulator (spec mcuboot-boot.md §13.1):
 *
 * <ul>
 *   <li>starts fully erased;</li>
 *   <li>{@link #write}: inside the device, offset and length multiples of {@code W}, and every
 *       byte unwritten since its last erase (write-once between erases, no AND semantics);</li>
 *   <li>{@link #erase}: starts and ends on sector boundaries, sets the erased value and makes
 *       the bytes writable again; performed sector by sector;</li>
 *   <li>{@link #read}: unrestricted and not counted.</li>
 * </ul>
 *
 * Breaking a rule throws {@link FlashViolationException} before anything changes or is counted.
 * Each write call and each sector erased is one operation of the shared
 * {@link PowerFailInjector}, which may refuse it with {@link PowerLossException}; a refused
 * operation changes nothing, so an erase of k sectors cut at its j-th sector leaves sectors
 * 1..j-1 erased and the rest intact.
 *
 * <p>Contents are stored sparsely: memory grows with bytes written since the last erase, not
 * with the device size. Thread-safe (each operation is atomic).
 */
public final class FlashDevice {

    private final String name;
    private final FlashGeometry geometry;
    private final PowerFailInjector power;
    private final SparseStore store;
    private final long size;
    private final int align;

    private long writes;
    private long sectorErases;
    private long bytesWritten;
    private long bytesErased;
    private long failedWrites;

    private final List<BadRegion> badRegions = new ArrayList<>(0);

    private record BadRegion(long offset, long end, double failureRate, Random random) {
        boolean overlaps(long off, long len) {
            return off < end && offset < off + len;
        }

        boolean fails() {
            return failureRate >= 1.0 || random.nextDouble() < failureRate;
        }
    }

    /** A device on the given (shared) power rail. */
    public FlashDevice(String name, FlashGeometry geometry, PowerFailInjector power) {
        this.name = Objects.requireNonNull(name, "name");
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        this.power = Objects.requireNonNull(power, "power");
        this.size = geometry.size();
        this.align = geometry.writeAlignment();
        this.store = new SparseStore(size, align, geometry.erasedValue());
    }

    /** A device with a power rail of its own. */
    public FlashDevice(String name, FlashGeometry geometry) {
        this(name, geometry, new PowerFailInjector());
    }

    public String name() {
        return name;
    }

    public FlashGeometry geometry() {
        return geometry;
    }

    public PowerFailInjector power() {
        return power;
    }

    public long size() {
        return size;
    }

    public int writeAlignment() {
        return align;
    }

    public byte erasedValue() {
        return geometry.erasedValue();
    }

    // ---------------------------------------------------------------- reads

    /** Reads {@code len} bytes; not counted; throws {@link PowerLossException} while power is off. */
    public void read(long offset, byte[] dst, int dstOff, int len) {
        Objects.checkFromIndexSize(dstOff, len, dst.length);
        power.checkPowered("read on " + name);
        synchronized (this) {
            checkInside("read", offset, len);
            store.read(offset, dst, dstOff, len);
        }
    }

    public byte[] read(long offset, int len) {
        byte[] out = new byte[len];
        read(offset, out, 0, len);
        return out;
    }

    /** True when every byte of the range holds the erased value (a read: needs power). */
    public boolean isErased(long offset, long len) {
        power.checkPowered("read on " + name);
        synchronized (this) {
            checkInside("read", offset, len);
            byte e = geometry.erasedValue();
            byte[] buf = new byte[(int) Math.min(len, SparseStore.PAGE_SIZE)];
            for (long at = offset, end = offset + len; at < end; ) {
                int n = (int) Math.min(buf.length, end - at);
                store.read(at, buf, 0, n);
                for (int i = 0; i < n; i++) {
                    if (buf[i] != e) {
                        return false;
                    }
                }
                at += n;
            }
            return true;
        }
    }

    /**
     * Out-of-band copy of the contents, as a debugger would read them: works without power and
     * is never counted. For tests, snapshots and the programmer.
     */
    public synchronized byte[] dump(long offset, int len) {
        checkInside("dump", offset, len);
        byte[] out = new byte[len];
        store.read(offset, out, 0, len);
        return out;
    }

    /**
     * Diagnostic: true when no byte of the range has been written since its last erase, i.e. a
     * write there would be accepted. Works without power; not counted.
     */
    public synchronized boolean isWritable(long offset, long len) {
        checkInside("read", offset, len);
        long lo = offset & -(long) align;
        long hi = (offset + len + align - 1) & -(long) align;
        return store.firstWritten(lo, hi - lo) < 0;
    }

    // ---------------------------------------------------------------- writes

    public void write(long offset, byte[] src) {
        write(offset, src, 0, src.length);
    }

    /**
     * Programs {@code len} bytes: one operation. Throws {@link FlashViolationException} for a
     * misaligned write, a write outside the device, or a write over bytes not erased since
     * their last write; {@link PowerLossException} when the injector refuses it;
     * {@link FlashWriteFailedException} when it touches a failing bad region.
     */
    public void write(long offset, byte[] src, int srcOff, int len) {
        Objects.checkFromIndexSize(srcOff, len, src.length);
        power.checkPowered("write on " + name);
        synchronized (this) {
            if (offset < 0 || offset > size - len) {
                throw violation(offset, "write outside device at 0x%x, length 0x%x (size 0x%x)", offset, len, size);
            }
            if ((offset & (align - 1)) != 0 || (len & (align - 1)) != 0) {
                throw violation(offset, "misaligned write at 0x%x, length 0x%x (align %d)", offset, len, align);
            }
            long used = store.firstWritten(offset, len);
            if (used >= 0) {
                throw violation(used, "Write to unerased location at 0x%x", used);
            }
            power.beforeOperation("write", name, offset, len);
            writes++;
            for (BadRegion b : badRegions) {
                if (b.overlaps(offset, len) && b.fails()) {
                    failedWrites++;
                    throw new FlashWriteFailedException(name, offset, String.format(
                            "write failed in bad region at 0x%x, length 0x%x", offset, len));
                }
            }
            store.write(offset, src, srcOff, len);
            bytesWritten += len;
        }
    }

    // ---------------------------------------------------------------- erases

    /**
     * Erases {@code [offset, offset+len)}, which must start and end on sector boundaries. Each
     * sector is one operation, performed in address order; a power loss at sector j leaves the
     * sectors before it erased and the rest untouched.
     */
    public synchronized void erase(long offset, long len) {
        power.checkPowered("erase on " + name);
        if (offset < 0 || len < 0 || offset > size - len) {
            throw violation(offset, "erase outside device at 0x%x, length 0x%x (size 0x%x)", offset, len, size);
        }
        if (!geometry.isSectorBoundary(offset) || !geometry.isSectorBoundary(offset + len)) {
            throw violation(offset, "erase not on sector boundaries at 0x%x, length 0x%x", offset, len);
        }
        long at = offset;
        long end = offset + len;
        while (at < end) {
            Sector s = geometry.sectorAt(at);
            power.beforeOperation("erase", name, s.offset(), s.size());
            store.erase(s.offset(), s.size());
            sectorErases++;
            bytesErased += s.size();
            at = s.end();
        }
    }

    /** Erases one sector by index. */
    public void eraseSector(int index) {
        Sector s = geometry.sector(index);
        erase(s.offset(), s.size());
    }

    /** Erases the whole device (one operation per sector). */
    public void eraseAll() {
        erase(0, size);
    }

    // ---------------------------------------------------------------- bad regions

    /** Every write touching {@code [offset, offset+len)} fails without changing data. */
    public void addBadRegion(long offset, long len) {
        addBadRegion(offset, len, 1.0, 0);
    }

    /**
     * Writes touching {@code [offset, offset+len)} fail with probability {@code failureRate}
     * (reproducible from {@code seed}), as in MCUboot's simulator.
     */
    public synchronized void addBadRegion(long offset, long len, double failureRate, long seed) {
        checkInside("bad region", offset, len);
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("failure rate must be in 0..1, got " + failureRate);
        }
        badRegions.add(new BadRegion(offset, offset + len, failureRate, new Random(seed)));
    }

    public synchronized void clearBadRegions() {
        badRegions.clear();
    }

    // ---------------------------------------------------------------- accounting

    public synchronized FlashStatistics statistics() {
        return new FlashStatistics(writes, sectorErases, bytesWritten, bytesErased, failedWrites);
    }

    public synchronized void resetStatistics() {
        writes = sectorErases = bytesWritten = bytesErased = failedWrites = 0;
    }

    /**
     * Estimated heap held by the contents (4 KB pages with data not erased since written,
     * their write flags, and page tables); grows with bytes written, not with {@link #size()}.
     */
    public synchronized long usedBytes() {
        return store.usedBytes();
    }

    /** Number of 4 KB storage pages currently allocated. */
    public synchronized int allocatedPages() {
        return store.pages();
    }

    /** Test hook: allocated pages that are not fully written and so keep write flags. */
    synchronized int pagesWithWriteFlags() {
        return store.pagesWithFlags();
    }

    @Override
    public String toString() {
        return "FlashDevice[" + name + ", " + geometry + "]";
    }

    private void checkInside(String what, long offset, long len) {
        if (offset < 0 || len < 0 || offset > size - len) {
            throw violation(offset, "%s outside device at 0x%x, length 0x%x (size 0x%x)", what, offset, len, size);
        }
    }

    private FlashViolationException violation(long offset, String format, Object... args) {
        return new FlashViolationException(name, offset, String.format(format, args));
    }
}
