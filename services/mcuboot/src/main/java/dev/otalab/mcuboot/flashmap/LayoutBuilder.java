package dev.otalab.mcuboot.flashmap;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static dev.otalab.mcuboot.flashmap.JsonFields.hex;

/**
 * Places areas into memories and applies the geometry checks shared by both schemas. Areas are
 * kept in placement order, each with the JSON path of its address so errors can name it.
 */
final class LayoutBuilder {

    /** Where the JSON puts an area, with the paths of the two values for error messages. */
    record Extent(long address, long size, String addressField, String sizeField) {
    }

    private record Placed(FlashArea area, String field) {
    }

    private final JsonFields json;
    private final List<FlashMemory> memories;
    private final List<Placed> placed = new ArrayList<>();

    LayoutBuilder(JsonFields json, List<FlashMemory> memories) {
        this.json = json;
        this.memories = List.copyOf(memories);
    }

    /** Finds the memory holding the area; it must fit entirely. */
    FlashArea place(AreaRole role, int image, Extent extent) {
        long address = extent.address();
        long size = extent.size();
        String addressField = extent.addressField();
        String sizeField = extent.sizeField();
        String label = role.label(image);
        if (size == 0) {
            throw json.error(sizeField, label + " is empty (size 0)");
        }
        FlashMemory memory = memories.stream().filter(m -> m.contains(address)).findFirst()
                .orElseThrow(() -> json.error(addressField, String.format("%s at 0x%08x is outside every memory (%s)",
                        label, address, memories.stream()
                                .map(m -> String.format("%s [0x%08x, 0x%08x)", m.name(), m.base(), m.end()))
                                .collect(Collectors.joining(", ")))));
        if (address + size > memory.end()) {
            throw json.error(sizeField, String.format("%s [0x%08x, 0x%08x) runs past the end of memory %s at 0x%08x",
                    label, address, address + size, memory.name(), memory.end()));
        }
        FlashArea area = new FlashArea(role, image, address, size, memory);
        placed.add(new Placed(area, addressField));
        return area;
    }

    /** The generator's rule for non-slot areas: start on an erase boundary of the memory. */
    void requireStartAligned(FlashArea area, String field) {
        long erase = area.sectorSize();
        long misalignment = area.offset() % erase;
        if (misalignment != 0) {
            throw json.error(field, String.format(
                    "%s at 0x%08x does not start on a %s-byte erase boundary of memory %s (nearest: 0x%08x or 0x%08x)",
                    area.label(), area.address(), hex(erase), area.memory().name(),
                    area.address() - misalignment, area.address() - misalignment + erase));
        }
    }

    /**
     * The PSoC 6 generator's rule for slots in swap mode: the last {@code trailerSize} bytes of the
     * slot start on an erase boundary, {@code (offset + size - trailerSize) mod erase == 0}.
     */
    void requireTrailerAligned(FlashArea area, long trailerSize, String field) {
        long erase = area.sectorSize();
        long misalignment = Math.floorMod(area.offset() + area.size() - trailerSize, erase);
        if (misalignment != 0) {
            throw json.error(field, String.format(
                    "%s trailer is not erase-aligned in memory %s: (offset %s + size %s - %s) mod %s = %s;"
                            + " a swap needs the last %s bytes to start a sector (suggested address 0x%08x)",
                    area.label(), area.memory().name(), hex(area.offset()), hex(area.size()), hex(trailerSize),
                    hex(erase), hex(misalignment), hex(trailerSize), area.address() + erase - misalignment));
        }
    }

    /**
     * No two areas in one memory may share an erase unit (erasing one would destroy the other);
     * this is the PSoC 6 generator's overlap test, applied to every schema.
     */
    void requireNoOverlaps() {
        for (int j = 1; j < placed.size(); j++) {
            FlashArea b = placed.get(j).area();
            for (int i = 0; i < j; i++) {
                FlashArea a = placed.get(i).area();
                if (!a.memory().equals(b.memory())) {
                    continue;
                }
                long erase = a.sectorSize();
                if (roundDown(a.address(), erase) < roundUp(b.end(), erase)
                        && roundDown(b.address(), erase) < roundUp(a.end(), erase)) {
                    boolean exact = a.address() < b.end() && b.address() < a.end();
                    throw json.error(placed.get(j).field(), String.format(
                            "%s [0x%08x, 0x%08x) %s %s [0x%08x, 0x%08x) given by %s",
                            b.label(), b.address(), b.end(),
                            exact ? "overlaps" : "shares a " + hex(erase) + "-byte erase sector with",
                            a.label(), a.address(), a.end(), placed.get(i).field()));
                }
            }
        }
    }

    private static long roundDown(long value, long unit) {
        return value - value % unit;
    }

    private static long roundUp(long value, long unit) {
        return roundDown(value + unit - 1, unit);
    }

    List<FlashArea> areas() {
        return placed.stream().map(Placed::area).toList();
    }
}
