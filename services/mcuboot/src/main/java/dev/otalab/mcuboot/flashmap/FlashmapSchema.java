package dev.otalab.mcuboot.flashmap;

/** The two JSON layouts Infineon's flashmap generators read. */
public enum FlashmapSchema {
    /** PSoC 6 ({@code boot_and_upgrade}, leaves {@code {description, value}}), {@code flashmap.py}. */
    PSOC6,
    /** XMC7000 ({@code bootloader.bootloader_area}, {@code application_N.slots}), {@code flashmap_xmc.py}. */
    XMC7000
}
