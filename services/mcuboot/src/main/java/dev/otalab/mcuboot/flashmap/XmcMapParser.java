package dev.otalab.mcuboot.flashmap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otalab.mcuboot.flashmap.LayoutBuilder.Extent;

import java.util.ArrayList;
import java.util.List;

import static dev.otalab.mcuboot.flashmap.JsonFields.hex;
import static dev.otalab.mcuboot.flashmap.JsonFields.path;
import static dev.otalab.mcuboot.flashmap.JsonFields.quote;

/**
 * The XMC7000 schema ({@code bootloader.bootloader_area}, {@code application_N.slots}) and its
 * platform file ({@code memory_regions[]}), after Infineon's {@code flashmap_xmc.py}. That
 * generator only checks that each area fits a region; otalab also requires every area to start
 * on an erase boundary of its region and no two areas to share an erase unit (all reference maps
 * satisfy both).
 */
final class XmcMapParser {

    /** Trailer write unit used for XMC7000 internal flash (MCUboot max-align). */
    static final int WRITE_SIZE = 8;
    /** The generator reads application_1 … application_7. */
    static final int MAX_IMAGES = 7;

    private XmcMapParser() {
    }

    static Flashmap parse(ObjectNode root, JsonFields json, List<FlashMemory> regions) {
        ObjectNode loader = json.object(root, "", "bootloader", true);
        Extent bootloader = area(json, loader, "bootloader", "bootloader_area", true);
        Extent status = area(json, loader, "bootloader", "status_area", false);
        Extent scratch = area(json, loader, "bootloader", "scratch_area", false);
        int images = json.imageCount(root, "", MAX_IMAGES);

        LayoutBuilder layout = new LayoutBuilder(json, regions);
        place(layout, AreaRole.BOOTLOADER, 0, bootloader);
        for (int n = 1; n <= images; n++) {
            String appPath = "application_" + n;
            ObjectNode app = json.object(root, "", appPath, true);
            String slotsPath = path(appPath, "slots");
            ObjectNode slots = json.object(app, appPath, "slots", true);
            long boot = json.plainNumber(slots, slotsPath, "boot", true);
            long upgrade = json.plainNumber(slots, slotsPath, "upgrade", true);
            long size = json.plainNumber(slots, slotsPath, "size", true);
            String sizeField = path(slotsPath, "size");
            place(layout, AreaRole.PRIMARY, n, new Extent(boot, size, path(slotsPath, "boot"), sizeField));
            place(layout, AreaRole.SECONDARY, n, new Extent(upgrade, size, path(slotsPath, "upgrade"), sizeField));
        }
        if (status != null) {
            place(layout, AreaRole.STATUS, 0, status);
        }
        if (scratch != null) {
            place(layout, AreaRole.SCRATCH, 0, scratch);
        }
        layout.requireNoOverlaps();
        return new Flashmap(json.source(), FlashmapSchema.XMC7000, regions, layout.areas(), false);
    }

    /**
     * Memory regions of a platform file. The region type (used as the memory name) is read from
     * {@code mem_type}, which the current generator requires, or {@code type}, which Infineon's
     * own {@code xmc7200_platform.json} uses.
     */
    static List<FlashMemory> platform(ObjectNode root, JsonFields json) {
        ArrayNode list = json.array(root, "", "memory_regions", true);
        List<FlashMemory> regions = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "memory_regions[" + i + "]";
            ObjectNode region = json.element(list, "memory_regions", i);
            long address = json.plainNumber(region, path, "address", true);
            long size = json.plainNumber(region, path, "size", true);
            long erase = json.plainNumber(region, path, "erase_size", true);
            long erasedValue = json.plainNumber(region, path, "erase_value", true);
            String type = regionType(json, region, path);
            if (erase == 0 || Long.bitCount(erase) != 1 || address % erase != 0) {
                throw json.error(path + ".erase_size", hex(erase) + " must be a power of two dividing the address "
                        + hex(address));
            }
            if (size == 0 || size % erase != 0 || address + size > 0x1_0000_0000L) {
                throw json.error(path + ".size", hex(size) + " must be a non-zero multiple of erase_size "
                        + hex(erase) + " inside the 32-bit address space");
            }
            if (size / erase > Integer.MAX_VALUE) {
                throw json.error(path + ".erase_size", hex(erase) + " is implausibly small for a " + hex(size)
                        + "-byte region");
            }
            if (erasedValue > 0xFF) {
                throw json.error(path + ".erase_value", hex(erasedValue) + " is not a byte value");
            }
            for (int j = 0; j < regions.size(); j++) {
                FlashMemory other = regions.get(j);
                if (other.name().equals(type)) {
                    throw json.error(path + ".mem_type", "region type " + quote(type) + " is also used by "
                            + fields.get(j));
                }
                if (address < other.end() && other.base() < address + size) {
                    throw json.error(path + ".address", String.format("region [0x%08x, 0x%08x) overlaps %s [0x%08x, 0x%08x)",
                            address, address + size, fields.get(j), other.base(), other.end()));
                }
            }
            regions.add(new FlashMemory(type, address, size, erase, (int) erasedValue, WRITE_SIZE));
            fields.add(path);
        }
        return regions;
    }

    private static String regionType(JsonFields json, ObjectNode region, String path) {
        String memType = json.plainText(region, path, "mem_type");
        String type = json.plainText(region, path, "type");
        if (memType != null && type != null && !memType.equals(type)) {
            throw json.error(path + ".mem_type", quote(memType) + " contradicts type " + quote(type));
        }
        String name = memType != null ? memType : type;
        if (name == null || name.isBlank()) {
            throw json.error(path + ".mem_type", "missing (the region type; \"type\" is accepted too)");
        }
        return name;
    }

    private static Extent area(JsonFields json, ObjectNode loader, String loaderPath, String key, boolean required) {
        ObjectNode node = json.object(loader, loaderPath, key, required);
        if (node == null) {
            return null;
        }
        String path = path(loaderPath, key);
        return new Extent(json.plainNumber(node, path, "address", true), json.plainNumber(node, path, "size", true),
                path(path, "address"), path(path, "size"));
    }

    private static void place(LayoutBuilder layout, AreaRole role, int image, Extent where) {
        FlashArea area = layout.place(role, image, where);
        layout.requireStartAligned(area, where.addressField());
    }
}
