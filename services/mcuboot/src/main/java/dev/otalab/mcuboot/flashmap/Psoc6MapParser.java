package dev.otalab.mcuboot.flashmap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otalab.mcuboot.flashmap.LayoutBuilder.Extent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;


import static dev.otalab.mcuboot.flashmap.JsonFields.hex;
import static dev.otalab.mcuboot.flashmap.JsonFields.path;
import static dev.otalab.mcuboot.flashmap.JsonFields.quote;

/**
 * The PSoC 6 schema ({@code external_flash}, {@code boot_and_upgrade}) with the checks of
 * Infineon's generator ({@code flashmap.py}), plus otalab's {@code factory_app} extension.
 */
final class Psoc6MapParser {

    static final long INTERNAL_BASE = 0x1000_0000L;
    static final long SMIF_BASE = 0x1800_0000L;
    static final long SMIF_WINDOW = 0x800_0000L;
    /** Internal erase/program row; also the generator's trailer size for slot alignment. */
    static final long ROW = 0x200;
    /** MCUboot header in front of the application; the vector table follows it. */
    static final long HEADER_SIZE = 0x400;
    static final long VECTOR_TABLE_ALIGN = 0x400;
    static final int MAX_IMAGES = 4;
    /** MCUboot's max-align: the OTA storage layer pads trailer fields to 8 bytes in internal flash. */
    static final int INTERNAL_WRITE_SIZE = 8;
    static final int EXTERNAL_WRITE_SIZE = 1;

    private record Part(long size, long eraseSize) {
    }

    /** External NOR parts the generator knows. */
    private static final Map<String, Part> PARTS = Map.ofEntries(
            Map.entry("S25HS256T", new Part(0x200_0000L, 0x4_0000L)),
            Map.entry("S25HS512T", new Part(0x400_0000L, 0x4_0000L)),
            Map.entry("S25FL512S", new Part(0x400_0000L, 0x4_0000L)),
            Map.entry("S25HS01GT", new Part(0x800_0000L, 0x4_0000L)),
            Map.entry("FM25Q04", new Part(0x8_0000L, 0x1000L)),
            Map.entry("FM25W04", new Part(0x8_0000L, 0x1000L)),
            Map.entry("FM25Q08", new Part(0x10_0000L, 0x1000L)),
            Map.entry("FM25W08", new Part(0x10_0000L, 0x1000L)),
            Map.entry("P25Q05H", new Part(0x1_0000L, 0x1000L)),
            Map.entry("P25Q10H", new Part(0x2_0000L, 0x1000L)),
            Map.entry("P25Q20H", new Part(0x4_0000L, 0x1000L)),
            Map.entry("P25Q40H", new Part(0x8_0000L, 0x1000L)));

    /** Spellings of the two PSoC 6 cores the generator accepts for {@code application_1.core}. */
    private static final Set<String> CORES = Set.of(
            "cortex-m0+", "cm0+", "m0+", "cortex-m0p", "cm0p", "m0p", "cortex-m0plus", "cm0plus", "m0plus",
            "cortex-m4", "cm4", "m4");

    private record Image(int index, Extent primary, Extent secondary) {
    }

    private record External(FlashMemory memory, boolean xip) {
    }

    private Psoc6MapParser() {
    }

    static Flashmap parse(ObjectNode root, JsonFields json, long internalFlashSize) {
        List<FlashMemory> memories = new ArrayList<>();
        memories.add(new FlashMemory(FlashMemory.INTERNAL, INTERNAL_BASE, internalFlashSize, ROW, 0x00,
                INTERNAL_WRITE_SIZE));
        External external = external(root, json);
        if (external != null) {
            memories.add(external.memory());
        }

        String top = "boot_and_upgrade";
        ObjectNode upgrade = json.object(root, "", top, true);
        String loaderPath = path(top, "bootloader");
        ObjectNode loader = json.object(upgrade, top, "bootloader", true);
        Extent bootloader = pair(json, loader, loaderPath, "address", "size", true);
        Extent scratch = pair(json, loader, loaderPath, "scratch_address", "scratch_size", false);
        Extent status = pair(json, loader, loaderPath, "status_address", "status_size", false);
        refuseSharedSlot(json, loader, loaderPath);
        if (upgrade.has("service_app")) {
            throw json.error(path(top, "service_app"), "is not used on PSoC 6 (the generator refuses it)");
        }
        boolean swap = scratch != null || status != null;

        int imageCount = json.imageCount(upgrade, top, MAX_IMAGES);
        List<Image> images = new ArrayList<>();
        for (int n = 1; n <= imageCount; n++) {
            String appPath = path(top, "application_" + n);
            ObjectNode app = json.object(upgrade, top, "application_" + n, true);
            Extent primary = pair(json, app, appPath, "address", "size", true);
            Extent secondary = pair(json, app, appPath, "upgrade_address", "upgrade_size", true);
            if (primary.size() != secondary.size()) {
                throw json.error(secondary.sizeField(), String.format(
                        "secondary slot size %s differs from primary slot size %s (%s)",
                        hex(secondary.size()), hex(primary.size()), primary.sizeField()));
            }
            checkCore(json, app, appPath, n);
            refuseSharedSlot(json, app, appPath);
            images.add(new Image(n, primary, secondary));
        }
        ObjectNode factoryNode = json.object(upgrade, top, "factory_app", false);
        Extent factory = factoryNode == null ? null
                : pair(json, factoryNode, path(top, "factory_app"), "address", "size", true);

        LayoutBuilder layout = new LayoutBuilder(json, memories);
        place(layout, json, external, AreaRole.BOOTLOADER, 0, bootloader, false);
        for (Image image : images) {
            placeSlot(layout, json, external, AreaRole.PRIMARY, image.index(), image.primary(), swap);
            placeSlot(layout, json, external, AreaRole.SECONDARY, image.index(), image.secondary(), swap);
        }
        Extent firstPrimary = images.get(0).primary();
        if ((firstPrimary.address() + HEADER_SIZE) % VECTOR_TABLE_ALIGN != 0) {
            throw json.error(firstPrimary.addressField(), String.format(
                    "primary slot address 0x%08x + header %s must be %s-aligned (vector table)",
                    firstPrimary.address(), hex(HEADER_SIZE), hex(VECTOR_TABLE_ALIGN)));
        }
        if (status != null) {
            place(layout, json, external, AreaRole.STATUS, 0, status, false);
        }
        if (scratch != null) {
            place(layout, json, external, AreaRole.SCRATCH, 0, scratch, false);
        }
        if (factory != null) {
            place(layout, json, external, AreaRole.FACTORY, 0, factory, false);
        }
        layout.requireNoOverlaps();

        Flashmap map = new Flashmap(json.source(), FlashmapSchema.PSOC6, memories, layout.areas(),
                external != null && external.xip());
        if (status != null) {
            long needed = minimumStatusSize(map.maxImageSectors(), imageCount, scratch != null);
            if (status.size() < needed) {
                throw json.error(status.sizeField(), String.format(
                        "swap-status partition %s is too small: %d image(s)%s with %d sectors need at least %s",
                        hex(status.size()), imageCount, scratch != null ? " and scratch" : "", map.maxImageSectors(),
                        hex(needed)));
            }
        }
        return map;
    }

    /**
     * Smallest swap-status partition the generator accepts: per zone (2 per image, 1 for scratch)
     * two copies of rows holding one status byte per sector plus a 64-byte trailer, each 512-byte
     * row carrying 500 payload bytes.
     */
    static long minimumStatusSize(int maxImageSectors, int images, boolean scratch) {
        long payload = ROW - 12;
        long rows = ceilDiv(maxImageSectors, payload) + ceilDiv(64, payload);
        long zones = 2L * images + (scratch ? 1 : 0);
        return zones * 2 * ROW * rows;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static External external(ObjectNode root, JsonFields json) {
        ArrayNode list = json.array(root, "", "external_flash", false);
        if (list == null) {
            return null;
        }
        if (list.size() > 1) {
            throw json.error("external_flash", "has " + list.size() + " entries; one external flash is supported");
        }
        String path = "external_flash[0]";
        ObjectNode entry = json.element(list, "external_flash", 0);
        String model = json.plainText(entry, path, "model");
        long size;
        long erase;
        if (model != null) {
            Part part = PARTS.get(model);
            if (part == null) {
                throw json.error(path + ".model", "unknown external flash model " + quote(model)
                        + " (known: " + String.join(", ", PARTS.keySet().stream().sorted().toList()) + ")");
            }
            size = part.size();
            erase = part.eraseSize();
        } else {
            size = json.plainNumber(entry, path, "flash-size", true);
            erase = json.plainNumber(entry, path, "erase-size", true);
            if (erase == 0 || Long.bitCount(erase) != 1) {
                throw json.error(path + ".erase-size", hex(erase) + " is not a power of two");
            }
            if (size == 0 || size % erase != 0 || size > SMIF_WINDOW) {
                throw json.error(path + ".flash-size", hex(size) + " must be a non-zero multiple of erase-size "
                        + hex(erase) + " and at most the " + hex(SMIF_WINDOW) + "-byte SMIF window");
            }
        }
        String mode = json.plainText(entry, path, "mode");
        if (mode != null && !mode.equalsIgnoreCase("XIP")) {
            throw json.error(path + ".mode", quote(mode) + " is not a known mode (only \"XIP\")");
        }
        return new External(new FlashMemory(FlashMemory.EXTERNAL, SMIF_BASE, size, erase, 0xFF, EXTERNAL_WRITE_SIZE),
                mode != null);
    }

    /** Both leaves or, if not required, neither. */
    private static Extent pair(JsonFields json, ObjectNode parent, String parentPath,
                                    String addressKey, String sizeKey, boolean required) {
        Long address = json.leafNumber(parent, parentPath, addressKey, required);
        Long size = json.leafNumber(parent, parentPath, sizeKey, required || address != null);
        if (address == null && size != null) {
            throw json.error(path(parentPath, addressKey), "missing (" + sizeKey + " is given)");
        }
        return address == null ? null : new Extent(address, size,
                path(parentPath, addressKey) + ".value", path(parentPath, sizeKey) + ".value");
    }

    /** Slots are not start-aligned (external secondaries start at …0200); in swap mode their trailer is. */
    private static void placeSlot(LayoutBuilder layout, JsonFields json, External external, AreaRole role, int image,
                                  Extent where, boolean swap) {
        FlashArea area = place(layout, json, external, role, image, where, true);
        if (swap) {
            layout.requireTrailerAligned(area, ROW, where.addressField());
        }
    }

    private static FlashArea place(LayoutBuilder layout, JsonFields json, External external, AreaRole role, int image,
                                   Extent where, boolean slot) {
        if (external == null && where.address() >= SMIF_BASE && where.address() < SMIF_BASE + SMIF_WINDOW) {
            throw json.error(where.addressField(), String.format(
                    "%s at 0x%08x is in external flash, but the map has no external_flash entry",
                    role.label(image), where.address()));
        }
        FlashArea area = layout.place(role, image, where);
        if (!slot) {
            layout.requireStartAligned(area, where.addressField());
        }
        return area;
    }

    private static void checkCore(JsonFields json, ObjectNode app, String appPath, int image) {
        if (!app.has("core")) {
            return;
        }
        if (image > 1) {
            throw json.error(path(appPath, "core"), "\"core\" is only allowed for application_1");
        }
        String core = json.leafText(app, appPath, "core");
        if (!CORES.contains(core.toLowerCase(Locale.ROOT))) {
            throw json.error(path(appPath, "core") + ".value", "unknown core " + quote(core) + " (expected CM0P or CM4)");
        }
    }

    private static void refuseSharedSlot(JsonFields json, ObjectNode parent, String parentPath) {
        if (json.leafFlag(parent, parentPath, "shared_slot")) {
            throw json.error(path(parentPath, "shared_slot") + ".value", "shared slots are not supported by otalab");
        }
    }
}
