package dev.otalab.mcuboot.flashmap;

/** How MCUboot installs an update, as the flashmap generators decide it. */
public enum UpgradeMode {
    /** Neither scratch nor swap-status area: the secondary is copied over the primary. */
    OVERWRITE_ONLY,
    /**
     * A scratch and/or swap-status area is present: primary and secondary are swapped, so the
     * previous image can be reverted to.
     */
    SWAP_SCRATCH
}
