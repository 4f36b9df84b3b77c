package dev.otalab.emulator.kit.app;

/**
 * What an emulated application can do to its kit. Provided by the kit for one run of the app
 * (until the next reset or power loss); calls come on the kit's thread under its lock. Flash
 * operations may throw {@link dev.otalab.emulator.flash.PowerLossException}: let it propagate.
 */
public interface AppHost {

    /** Writes text to the console UART as the firmware's {@code printf} would (line ends included). */
    void print(String text);

    /** Stops the watchdog the bootloader started ({@code cyhal_wdt_free}). */
    void stopWatchdog();

    /** Starts the user LED toggling every {@code periodMs}, beginning off. */
    void blink(long periodMs);

    /** Sets the user LED steady on or off. */
    void led(boolean on);

    /** Whether MCUboot upgrades by swapping (and can revert); false for overwrite-only. */
    boolean swapMode();

    /** Whether image_ok is set for the running (primary) image. */
    boolean primaryConfirmed();

    /** Marks the running image good: MCUboot {@code boot_set_confirmed} (image_ok, magic). */
    void confirmPrimary();

    /** Address of the primary slot's image_ok byte as the apps compute it: slot end − 24. */
    long imageOkAddress();

    /** The factory app's user asked for an OTA update (button press); the kit records it. */
    void otaRequested();

    /**
     * Starts the OTA task ({@code cy_ota_agent_start}): the kit runs Infineon's OTA Agent for this
     * boot when its spec has an OTA configuration, otherwise nothing happens. Once per boot.
     */
    void startOtaAgent();
}
