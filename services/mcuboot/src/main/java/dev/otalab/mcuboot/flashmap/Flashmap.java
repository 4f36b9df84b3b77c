package dev.otalab.mcuboot.flashmap;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A validated MCUboot flash layout: the memories of a kit and the areas placed in them.
 *
 * <p>Instances come from {@link FlashmapReader} (or the shortcuts {@link #read(Path)},
 * {@link #read(Path, long)} and {@link #parse(String, String)}), which accept Infineon's two JSON
 * schemas: PSoC 6 ({@code boot_and_upgrade}) and XMC7000 ({@code bootloader.bootloader_area} plus a
 * platform file). A map that does not pass every check is refused with a
 * {@link FlashmapException}; there are no partially loaded maps.
 *
 * <p><b>otalab extension {@code factory_app}.</b> A PSoC 6 map may carry
 * {@code boot_and_upgrade.factory_app} with {@code address} and {@code size} leaves in the usual
 * {@code {"description", "value"}} form. It describes the factory-app reserve of Infineon's
 * rollback example (external flash {@code 0x18000000}, {@code 0x200000} bytes in the v5 layout):
 * the image the rollback bootloader copies into the primary slot. It becomes a
 * {@link AreaRole#FACTORY} area, is checked like any other area (start on an erase boundary, no
 * overlap) and does not count towards {@link #maxImageSectors()}. Infineon's generator ignores
 * the key, so such maps still build with it.
 */
public final class Flashmap {

    /** The generators never emit fewer than this many image sectors. */
    public static final int MIN_IMAGE_SECTORS = 32;

    private final String sourceName;
    private final FlashmapSchema schema;
    private final List<FlashMemory> memories;
    private final List<FlashArea> areas;
    private final boolean xip;

    Flashmap(String sourceName, FlashmapSchema schema, List<FlashMemory> memories, List<FlashArea> areas,
             boolean xip) {
        this.sourceName = sourceName;
        this.schema = schema;
        this.memories = List.copyOf(memories);
        this.areas = List.copyOf(areas);
        this.xip = xip;
    }

    /** Reads a map with the default {@link FlashmapReader} (internal-flash size inferred from the name). */
    public static Flashmap read(Path file) {
        return FlashmapReader.defaults().read(file);
    }

    /** Reads a PSoC 6 map for a device with the given internal-flash size (e.g. {@code 0x80000}). */
    public static Flashmap read(Path file, long internalFlashSize) {
        return FlashmapReader.defaults().withInternalFlashSize(internalFlashSize).read(file);
    }

    /** Parses map text; {@code sourceName} appears in error messages and drives size inference. */
    public static Flashmap parse(String json, String sourceName) {
        return FlashmapReader.defaults().parse(json, sourceName);
    }

    /** The file or name the map was read from. */
    public String sourceName() {
        return sourceName;
    }

    public FlashmapSchema schema() {
        return schema;
    }

    /** Every memory the map knows (declared ones, used or not). */
    public List<FlashMemory> memories() {
        return memories;
    }

    /** Every area, in order: bootloader, per image primary then secondary, status, scratch, factory. */
    public List<FlashArea> areas() {
        return areas;
    }

    public FlashArea bootloader() {
        return only(AreaRole.BOOTLOADER).orElseThrow();
    }

    /** Primary slot of a 1-based image index. */
    public FlashArea primary(int image) {
        return slot(AreaRole.PRIMARY, image);
    }

    /** Secondary slot of a 1-based image index. */
    public FlashArea secondary(int image) {
        return slot(AreaRole.SECONDARY, image);
    }

    public Optional<FlashArea> scratch() {
        return only(AreaRole.SCRATCH);
    }

    public Optional<FlashArea> status() {
        return only(AreaRole.STATUS);
    }

    /** The factory-app reserve (otalab extension, see the class comment). */
    public Optional<FlashArea> factory() {
        return only(AreaRole.FACTORY);
    }

    /** Number of images (primary/secondary pairs), at least 1. */
    public int imageCount() {
        return (int) areas.stream().filter(a -> a.role() == AreaRole.PRIMARY).count();
    }

    /** Overwrite-only iff there is neither scratch nor status area, as the generators decide. */
    public UpgradeMode upgradeMode() {
        return scratch().isEmpty() && status().isEmpty() ? UpgradeMode.OVERWRITE_ONLY : UpgradeMode.SWAP_SCRATCH;
    }

    /** True if the primary slots execute in place from external flash ({@code "mode": "XIP"}). */
    public boolean xip() {
        return xip;
    }

    /**
     * {@code MCUBOOT_MAX_IMG_SECTORS} as the generator prints it: the largest
     * {@link FlashArea#sectorCount()}, at least {@value #MIN_IMAGE_SECTORS}. The PSoC 6 generator
     * counts the slots only; the XMC7000 one counts every area it lays out (bootloader, slots,
     * scratch, status). The factory reserve never counts.
     */
    public int maxImageSectors() {
        int max = MIN_IMAGE_SECTORS;
        for (FlashArea area : areas) {
            boolean counts = schema == FlashmapSchema.PSOC6 ? area.role().isSlot() : area.role() != AreaRole.FACTORY;
            if (counts) {
                max = Math.max(max, area.sectorCount());
            }
        }
        return max;
    }

    /** The area holding a CPU address, if any. */
    public Optional<FlashArea> areaAt(long address) {
        return areas.stream().filter(a -> a.contains(address)).findFirst();
    }

    /** The memory holding a CPU address, if any. */
    public Optional<FlashMemory> memoryAt(long address) {
        return memories.stream().filter(m -> m.contains(address)).findFirst();
    }

    /** The memory of that name ({@code internal}, {@code external}, or an XMC region type). */
    public Optional<FlashMemory> memory(String name) {
        return memories.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    private Optional<FlashArea> only(AreaRole role) {
        return areas.stream().filter(a -> a.role() == role).findFirst();
    }

    private FlashArea slot(AreaRole role, int image) {
        return areas.stream()
                .filter(a -> a.role() == role && a.image() == image)
                .findFirst()
                .orElseThrow(() -> new FlashmapException(sourceName, "application_" + image,
                        "no image " + image + " in this map (it has " + imageCount() + ")"));
    }

    @Override
    public String toString() {
        return "Flashmap[" + sourceName + ", " + schema + ", " + upgradeMode() + (xip ? ", XIP" : "") + ", " + areas + "]";
    }
}
