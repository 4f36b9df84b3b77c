package dev.otalab.emulator.kit;

/** What a {@link VirtualKit}'s CPU is doing. */
public enum KitState {
    /** No power. Flash keeps its contents; the UART log is kept. */
    OFF,
    /** The bootloader is running (transient: boots run synchronously inside a kit call). */
    BOOTING,
    /**
     * Rollback bootloader only: the primary slot is invalid and nothing was installed; the
     * bootloader sleeps until a button press (psoc6-kits.md §6.1 step 4). No timeout.
     */
    WAITING_FOR_BUTTON,
    /** An emulated application runs (it may itself wait, e.g. blinky's Y/N prompt). */
    RUNNING,
    /**
     * The CPU stopped for good until the next reset or power cycle: MCUboot found no bootable
     * image (plain MCUboot), panicked, or the rollback bootloader asserted.
     */
    HALTED
}
