/**
 * MCUboot bootloader model of the emulated kits (spec mcuboot-boot.md, psoc6-kits.md §1–§5):
 * single image, overwrite-only or swap using scratch, over the flash model of
 * {@link dev.otalab.emulator.flash}.
 *
 * <pre>{@code
 * Flashmap map = Flashmap.read(Path.of("flashmap/psoc62_2m_ext_swap_single.json"));
 * KitFlash kit = KitFlash.forFlashmap(map);                  // internal + QSPI, one power rail
 * Mcuboot mcuboot = Mcuboot.forFlashmap(map, kit.space(), List.of(trustedKey), BootConfig.infineon());
 *
 * BootOutcome o = mcuboot.boot((level, msg) -> uart.print(level.tag() + msg + "\n\r"));
 * if (o.booted()) { run(o.image(), o.jumpAddress()); }     // PowerLossException propagates: power off
 *
 * mcuboot.requestUpgrade(false);    // OTA agent, after writing the download into the secondary
 * mcuboot.confirmPrimary();         // new app confirms itself (row read-modify-write on PSoC 6)
 * mcuboot.slots();                  // mcumgr-style image list
 * }</pre>
 *
 * <p>What is modelled: the swap-type table and post-processing (§3), validation of both slots
 * (header, size, hash, KEYHASH/PUBKEY among the trusted keys, signature), overwrite (§6), swap
 * using scratch with status records and resumption after a reset before any flash operation
 * (§7), revert of unconfirmed test images, bootstrap, downgrade prevention in overwrite mode,
 * the boot flow (§5), and UPSTREAM or CYPRESS log strings (§12). Status is kept by a
 * {@code StatusStore}: upstream in-slot trailers, or Infineon's swap-status partition (§9) when
 * the layout has one ({@link dev.otalab.emulator.boot.BootConfig.StatusBackend}).
 *
 * <p>Regions of a swap are cut at boundaries common to both slots (not at primary sectors alone),
 * so that a region of the PSoC 6 external secondary at {@code …0200} always erases whole QSPI
 * sectors of its own; on layouts whose slots have equal sectors this is upstream's cut.
 *
 * <p>Not modelled: multiple images, encrypted or compressed images, security counters and
 * hardware rollback protection, dependency TLVs, swap-move and swap-offset, direct-XIP and
 * RAM-load, the reset-vector address check.
 */
package dev.otalab.emulator.boot;
