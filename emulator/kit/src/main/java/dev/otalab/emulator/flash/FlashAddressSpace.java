package dev.otalab.emulator.flash;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The CPU's view of a kit's flash devices: each device mapped at a base address (PSoC 6:
 * internal flash at {@code 0x10000000}, external QSPI NOR through the SMIF window at
 * {@code 0x18000000}). Higher layers address flash by CPU address; an access must fall inside
 * one mapped device, otherwise {@link FlashViolationException} ("unmapped address 0x…").
 *
 * <p>Mapping is done while the kit is assembled; reads of the map afterwards are thread-safe.
 */
public final class FlashAddressSpace {

    /** A device mapped at {@code base}, covering {@code [base, base + device.size())}. */
    public record Mapping(long base, FlashDevice device) {

        public long end() {
            return base + device.size();
        }

        public boolean contains(long address) {
            return address >= base && address - base < device.size();
        }

        /** Device offset of a CPU address inside this mapping. */
        public long offsetOf(long address) {
            return address - base;
        }
    }

    private volatile List<Mapping> mappings = List.of(); // sorted by base

    /** Maps {@code device} at {@code base}; it must not overlap another mapping. Returns this. */
    public synchronized FlashAddressSpace map(long base, FlashDevice device) {
        Objects.requireNonNull(device, "device");
        if (base < 0 || base > Long.MAX_VALUE - device.size()) {
            throw new IllegalArgumentException("bad base address 0x" + Long.toHexString(base));
        }
        Mapping m = new Mapping(base, device);
        List<Mapping> next = new ArrayList<>(mappings);
        for (Mapping o : next) {
            if (o.device() == device || o.device().name().equals(device.name())) {
                throw new IllegalArgumentException("device " + device.name() + " is already mapped");
            }
            if (m.base() < o.end() && o.base() < m.end()) {
                throw new IllegalArgumentException(String.format(
                        "%s at 0x%x..0x%x overlaps %s at 0x%x..0x%x", device.name(), m.base(), m.end(),
                        o.device().name(), o.base(), o.end()));
            }
        }
        next.add(m);
        next.sort((a, b) -> Long.compare(a.base(), b.base()));
        mappings = Collections.unmodifiableList(next);
        return this;
    }

    /** All mappings by ascending base. */
    public List<Mapping> mappings() {
        return mappings;
    }

    /** The mapping containing {@code address}, if any. */
    public Optional<Mapping> find(long address) {
        for (Mapping m : mappings) {
            if (m.contains(address)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The mapping containing {@code address}; {@link FlashViolationException} when unmapped. */
    public Mapping mappingAt(long address) {
        return find(address).orElseThrow(() -> new FlashViolationException(null, address,
                String.format("unmapped address 0x%x", address)));
    }

    /** The device containing {@code address}; {@link FlashViolationException} when unmapped. */
    public FlashDevice deviceAt(long address) {
        return mappingAt(address).device();
    }

    /** The mapping of the device with the given name. */
    public Optional<Mapping> byName(String name) {
        for (Mapping m : mappings) {
            if (m.device().name().equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Base address of a mapped device. */
    public long baseOf(FlashDevice device) {
        for (Mapping m : mappings) {
            if (m.device() == device) {
                return m.base();
            }
        }
        throw new IllegalArgumentException("device " + device.name() + " is not mapped");
    }

    public void read(long address, byte[] dst, int dstOff, int len) {
        Mapping m = span(address, len, "read");
        m.device().read(m.offsetOf(address), dst, dstOff, len);
    }

    public byte[] read(long address, int len) {
        Mapping m = span(address, len, "read");
        return m.device().read(m.offsetOf(address), len);
    }

    public void write(long address, byte[] src, int srcOff, int len) {
        Mapping m = span(address, len, "write");
        m.device().write(m.offsetOf(address), src, srcOff, len);
    }

    public void write(long address, byte[] src) {
        write(address, src, 0, src.length);
    }

    public void erase(long address, long len) {
        Mapping m = span(address, len, "erase");
        m.device().erase(m.offsetOf(address), len);
    }

    /** Out-of-band copy (see {@link FlashDevice#dump}). */
    public byte[] dump(long address, int len) {
        Mapping m = span(address, len, "dump");
        return m.device().dump(m.offsetOf(address), len);
    }

    /** Sum of {@link FlashDevice#usedBytes()} over the mapped devices. */
    public long usedBytes() {
        long sum = 0;
        for (Mapping m : mappings) {
            sum += m.device().usedBytes();
        }
        return sum;
    }

    private Mapping span(long address, long len, String what) {
        Mapping m = mappingAt(address);
        if (len > 0 && !m.contains(address + len - 1)) {
            throw new FlashViolationException(m.device().name(), m.offsetOf(address), String.format(
                    "%s at 0x%x, length 0x%x crosses the end of the device at 0x%x", what, address, len, m.end()));
        }
        return m;
    }
}
