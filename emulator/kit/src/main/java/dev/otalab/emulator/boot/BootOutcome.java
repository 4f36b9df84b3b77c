package dev.otalab.emulator.boot;

import dev.otalab.mcuboot.image.McubootImage;
import java.util.Optional;

/**
 * What one run of the bootloader model ended with.
 *
 * @param status          BOOT (jump to the primary), NO_BOOTABLE_IMAGE (boot_go failed: the kit
 *                        prints its "found none" line or, with the rollback bootloader, waits for
 *                        the button), PANIC (MCUboot halted after {@code panic!})
 * @param image           the primary image when {@code status} is BOOT and it parsed
 * @param jumpAddress     CPU address MCUboot jumps to: primary slot start + header size (0
 *                        unless BOOT)
 * @param swapType        the upgrade this boot performed or resumed: NONE, TEST, PERM, REVERT
 *                        (also for a bootstrap copy), FAIL (a pending image was refused)
 * @param resumed         true when an interrupted swap was found and finished
 * @param flashOperations erases and writes this boot performed
 */
public record BootOutcome(Status status, McubootImage image, long jumpAddress, SwapType swapType, boolean resumed,
                          long flashOperations) {

    public enum Status { BOOT, NO_BOOTABLE_IMAGE, PANIC }

    public boolean booted() {
        return status == Status.BOOT;
    }

    public Optional<McubootImage> primaryImage() {
        return Optional.ofNullable(image);
    }
}
