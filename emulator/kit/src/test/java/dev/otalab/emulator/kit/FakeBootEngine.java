package dev.otalab.emulator.kit;

import dev.otalab.emulator.flash.FlashAddressSpace;
import dev.otalab.labapi.dto.SlotInfo;
import dev.otalab.mcuboot.flashmap.FlashArea;
import dev.otalab.mcuboot.image.BootTrailer;
import dev.otalab.mcuboot.image.ImageFormatException;
import dev.otalab.mcuboot.image.McubootImage;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.verify.ImageVerifier;
import java.util.Arrays;
import java.util.List;

/**
 * A tiny overwrite-only MCUboot for the kit's own unit tests (the real model lives in
 * {@code dev.otalab.emulator.boot}): a secondary with a GOOD trailer magic and a valid signature
 * is copied over the primary; the primary is validated.
 */
final class FakeBootEngine implements BootEngine {

    private final FlashAddressSpace flash;
    private final FlashArea primary;
    private final FlashArea secondary;
    private final List<McubootKey> keys;
    int confirms;
    boolean swap;

    FakeBootEngine(KitSpec spec, FlashAddressSpace flash) {
        this.flash = flash;
        this.primary = spec.flashmap().primary(1);
        this.secondary = spec.flashmap().secondary(1);
        this.keys = spec.trustedKeys();
    }

    @Override
    public Result boot(Log log) {
        if (Arrays.equals(flash.read(secondary.end() - 16, 16), BootTrailer.magic(8))) {
            McubootImage up = valid(secondary);
            if (up != null) {
                log.log("[INF] ", "Image upgrade secondary slot -> primary slot");
                flash.erase(primary.address(), primary.size());
                int len = (up.length() + 7) & ~7;
                byte[] data = Arrays.copyOf(up.bytes(), len);
                for (int off = 0; off < len; off += 1024) {
                    flash.write(primary.address() + off, data, off, Math.min(1024, len - off));
                }
                flash.erase(secondary.address(), secondary.size());
            } else {
                log.log("[ERR] ", "Image in the secondary slot is not valid!");
                flash.erase(secondary.address(), secondary.size());
            }
        }
        McubootImage img = valid(primary);
        if (img == null) {
            log.log("[ERR] ", "Image in the primary slot is not valid!");
            return Result.noBootableImage();
        }
        return Result.boot(img, primary.address() + img.header().headerSize());
    }

    private McubootImage valid(FlashArea slot) {
        byte[] bytes = flash.read(slot.address(), 0x10000);
        for (McubootKey k : keys) {
            if (ImageVerifier.verify(bytes, k).ok()) {
                try {
                    return McubootImage.parse(bytes);
                } catch (ImageFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    @Override
    public boolean primaryConfirmed() {
        return flash.read(primary.end() - 24, 1)[0] == 1;
    }

    @Override
    public void confirmPrimary() {
        confirms++;
        byte[] ok = new byte[8];
        ok[0] = 1;
        flash.write(primary.end() - 24, ok);
    }

    @Override
    public void requestUpgrade(boolean permanent) {
        flash.write(secondary.end() - 16, BootTrailer.magic(8));
    }

    @Override
    public boolean swapMode() {
        return swap;
    }

    @Override
    public List<SlotInfo> slots(boolean primaryRunning) {
        McubootImage p = valid(primary);
        return List.of(new SlotInfo(0, 0, "primary", primary.address(), p == null, p == null ? null : p.version().toString(),
                null, p != null, p != null, false, primaryConfirmed(), primaryRunning, false));
    }
}
