package dev.otalab.emulator.ota;

/**
 * The kit as one run of the OTA Agent sees it (the OTA storage API and the system calls of
 * {@code ota-bootloader-abstraction} on top of the kit's flash and MCUboot). Provided by the kit
 * for one boot; once that boot is over (reset, power loss, power off) every call does nothing and
 * the storage calls return {@code false}.
 *
 * <p>Storage calls run on the kit's emulated CPU: they count as flash operations for power-fail
 * injection, and a power loss inside one turns the kit off (and stops the agent) before the call
 * returns {@code false}. Other flash errors (a write outside the slot, a failing bad region)
 * propagate as exceptions.
 */
public interface OtaDevice {

    /** Console output through the app's retarget-io (the text already has its line ends). */
    void print(String text);

    /** Milliseconds since the kit's reset: the RTOS tick the unique topic and client ids are made from. */
    long uptimeMillis();

    /** {@code cy_ota_storage_open}: erases the whole secondary slot. */
    boolean eraseSecondary();

    /** {@code cy_ota_storage_write}: {@code data} at {@code offset} of the secondary slot. */
    boolean writeSecondary(long offset, byte[] data);

    /**
     * {@code cy_ota_storage_image_verify} with {@code validate_after_reboot = 1}: marks the
     * secondary pending for a TEST swap (MCUboot {@code boot_set_pending(0)}).
     */
    boolean setPending();

    /** {@code cy_ota_storage_verify}'s system reset: MCUboot runs again (synchronously, on the caller's thread). */
    void reset();
}
