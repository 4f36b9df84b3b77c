package dev.otalab.mcuboot.flashmap;

/** What a flash area is used for. */
public enum AreaRole {
    /** The MCUboot bootloader itself. */
    BOOTLOADER,
    /** Primary slot of an image: the code that runs (or, with XIP, executes in place). */
    PRIMARY,
    /** Secondary slot of an image: where an update is downloaded. */
    SECONDARY,
    /** Scratch area used by swap upgrades. */
    SCRATCH,
    /** Infineon swap-status partition. */
    STATUS,
    /** otalab extension: the factory-app reserve of the rollback example. */
    FACTORY;

    /** True for primary and secondary slots, the areas that carry an image index. */
    public boolean isSlot() {
        return this == PRIMARY || this == SECONDARY;
    }

    /** Human name of an area with this role, e.g. {@code image 1 secondary slot}. */
    public String label(int image) {
        return switch (this) {
            case BOOTLOADER -> "bootloader";
            case PRIMARY -> "image " + image + " primary slot";
            case SECONDARY -> "image " + image + " secondary slot";
            case SCRATCH -> "scratch area";
            case STATUS -> "swap-status partition";
            case FACTORY -> "factory-app reserve";
        };
    }
}
