package dev.otalab.emulator.kit.rollback;

import dev.otalab.emulator.flash.FlashAddressSpace;
import dev.otalab.emulator.kit.BootEngine;
import dev.otalab.mcuboot.LittleEndian;
import dev.otalab.mcuboot.flashmap.FlashArea;
import dev.otalab.mcuboot.image.ImageHeader;

/**
 * {@code transfer_factory_image()} of the rollback bootloader (psoc6-kits.md §6.2 steps 1–4):
 * check the factory image's magic at the start of the reserve, erase the whole primary slot,
 * copy {@code min(primary size, reserve size)} bytes in 512-byte rows. Every row write and
 * every row erase is one flash operation, so power-fail injection can cut anywhere in it;
 * {@link dev.otalab.emulator.flash.PowerLossException} propagates.
 */
public final class FactoryTransfer {

    /** {@code CY_FLASH_SIZEOF_ROW}: the copy unit. */
    public static final int ROW = 0x200;

    private static final String INF = "[INF] ";
    private static final String ERR = "[ERR] ";

    private FactoryTransfer() {
    }

    /**
     * Runs the transfer.
     *
     * @return true when the factory image was copied; false when the bootloader asserted (the
     *         error is logged; the caller halts)
     */
    public static boolean run(FlashAddressSpace flash, FlashArea primary, FlashArea factory, BootEngine.Log log) {
        long magic = LittleEndian.u32(flash.read(factory.address(), 4), 0);
        if (magic != ImageHeader.MAGIC) {
            log.log(ERR, String.format("Invalid image magic 0x%08x !\r\n", magic));
            return false;
        }
        log.log(INF, "Valid image magic found");
        log.log(INF, "Erasing primary slot. Please wait for a while...\r\n");
        flash.erase(primary.address(), primary.size());
        long bytes = Math.min(primary.size(), factory.size());
        log.log(INF, "Transferring 'Factory App' to 'primary slot'");
        log.log(INF, "Please wait for a while...\r\n");
        byte[] row = new byte[ROW];
        for (long k = 0; k < bytes; k += ROW) {
            flash.read(factory.address() + k, row, 0, ROW);
            flash.write(primary.address() + k, row, 0, ROW);
        }
        log.log(INF, "Factory App copied to primary slot successfully");
        return true;
    }
}
