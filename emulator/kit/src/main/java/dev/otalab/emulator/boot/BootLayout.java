package dev.otalab.emulator.boot;

import dev.otalab.mcuboot.flashmap.AreaRole;
import dev.otalab.mcuboot.flashmap.FlashArea;
import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.flashmap.UpgradeMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The flash areas the bootloader model uses for one image, by CPU address: primary and
 * secondary slot, and in swap mode the scratch area and (Infineon) the swap-status partition.
 * Usually taken from a {@link Flashmap} ({@link #of(Flashmap, int)}); tests build small
 * synthetic layouts directly.
 *
 * @param mode            overwrite-only or swap using scratch
 * @param primary         primary slot
 * @param secondary       secondary slot
 * @param scratch         scratch area (swap mode)
 * @param status          Infineon swap-status partition, if any
 * @param maxImageSectors MCUBOOT_MAX_IMG_SECTORS the map implies (at least 1)
 * @param others          other areas of the map (bootloader, factory reserve): erases rounded
 *                        to whole device sectors must never reach them
 */
public record BootLayout(UpgradeMode mode, Area primary, Area secondary, Optional<Area> scratch, Optional<Area> status,
                         int maxImageSectors, List<Area> others) {

    /** A named range of CPU addresses. */
    public record Area(String name, long address, long size) {
        public Area {
            Objects.requireNonNull(name, "name");
            if (size <= 0 || address < 0) {
                throw new IllegalArgumentException(name + ": bad area 0x" + Long.toHexString(address) + "+0x"
                        + Long.toHexString(size));
            }
        }

        public long end() {
            return address + size;
        }

        public boolean overlaps(long from, long to) {
            return from < end() && address < to;
        }

        @Override
        public String toString() {
            return String.format("%s[0x%08x, 0x%08x)", name, address, end());
        }
    }

    public BootLayout {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(secondary, "secondary");
        scratch = scratch == null ? Optional.empty() : scratch;
        status = status == null ? Optional.empty() : status;
        others = others == null ? List.of() : List.copyOf(others);
        if (mode == UpgradeMode.SWAP_SCRATCH && scratch.isEmpty()) {
            throw new IllegalArgumentException("swap mode needs a scratch area");
        }
        if (maxImageSectors < 1) {
            throw new IllegalArgumentException("maxImageSectors must be positive");
        }
    }

    /** Overwrite-only layout. */
    public static BootLayout overwrite(Area primary, Area secondary, int maxImageSectors) {
        return new BootLayout(UpgradeMode.OVERWRITE_ONLY, primary, secondary, Optional.empty(), Optional.empty(),
                maxImageSectors, List.of());
    }

    /** Swap-using-scratch layout, optionally with a swap-status partition. */
    public static BootLayout swap(Area primary, Area secondary, Area scratch, Area status, int maxImageSectors) {
        return new BootLayout(UpgradeMode.SWAP_SCRATCH, primary, secondary, Optional.of(scratch),
                Optional.ofNullable(status), maxImageSectors, List.of());
    }

    /** The areas of image {@code image} (1-based, as flashmaps count) of a flashmap. */
    public static BootLayout of(Flashmap map, int image) {
        FlashArea p = map.primary(image);
        FlashArea s = map.secondary(image);
        List<Area> others = new ArrayList<>();
        for (FlashArea a : map.areas()) {
            boolean ours = (a.role().isSlot() && a.image() == image) || a.role() == AreaRole.SCRATCH
                    || a.role() == AreaRole.STATUS;
            if (!ours) {
                others.add(area(a));
            }
        }
        return new BootLayout(map.upgradeMode(), area(p), area(s), map.scratch().map(BootLayout::area),
                map.status().map(BootLayout::area), map.maxImageSectors(), others);
    }

    private static Area area(FlashArea a) {
        return new Area(a.label(), a.address(), a.size());
    }

    /** Every area of the layout, ours first. */
    List<Area> all() {
        List<Area> all = new ArrayList<>();
        all.add(primary);
        all.add(secondary);
        scratch.ifPresent(all::add);
        status.ifPresent(all::add);
        all.addAll(others);
        return all;
    }
}
