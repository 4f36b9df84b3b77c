/**
 * Flash device model of the emulated kits (spec mcuboot-boot.md §10, §13.1–13.2; psoc6-kits.md §1).
 *
 * <pre>{@code
 * PowerFailInjector power = new PowerFailInjector();            // one per kit
 * FlashDevice internal = new FlashDevice("internal", FlashParts.psoc6Internal2M(), power);
 * FlashDevice qspi = new FlashDevice("qspi", FlashParts.s25hs256t(), power);
 * FlashAddressSpace flash = new FlashAddressSpace()
 *         .map(FlashParts.PSOC6_INTERNAL_BASE, internal)
 *         .map(FlashParts.QSPI_BASE, qspi);
 *
 * // MCUboot-simulator loop: for i in 1..N-1, cut before op i, then boot uninterrupted
 * power.resetOperationCount();
 * power.armAt(i);
 * try { bootloader.boot(flash); } catch (PowerLossException e) { }  // reset just before op i
 * power.disarm();
 * power.setPowered(true);
 * bootloader.boot(flash);
 * }</pre>
 *
 * Rule violations ({@link dev.otalab.emulator.flash.FlashViolationException}) mean a bug in the
 * model driving the flash; {@link dev.otalab.emulator.flash.PowerLossException} must be allowed to
 * propagate to the kit, which resets; {@link dev.otalab.emulator.flash.FlashWriteFailedException}
 * is a bad-region hardware fault the bootloader handles.
 */
package dev.otalab.emulator.flash;
