package dev.otalab.emulator.powerfail;

/** What the kit is doing while its power is cut, and which image it must end up running. */
public enum PowerFailScenario {
    /** A permanent upgrade waits in the secondary: the kit must end up running the new image. */
    UPGRADE,
    /**
     * A test upgrade whose image hangs: the watchdog resets the kit and MCUboot reverts; the kit
     * must end up running the old image. Swap layouts only: overwrite-only never reverts.
     */
    REVERT,
    /**
     * The user holds the button at boot over a valid application: the rollback bootloader copies
     * the factory app into the primary; the kit must end up running the factory app, a person
     * pressing the button again where the bootloader asks for it. Layouts with a factory area only.
     */
    ROLLBACK
}
