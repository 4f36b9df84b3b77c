package dev.otalab.emulator.kit;

import dev.otalab.emulator.boot.BootConfig;
import dev.otalab.emulator.boot.BootLog;
import dev.otalab.emulator.boot.BootOutcome;
import dev.otalab.emulator.boot.Mcuboot;
import dev.otalab.emulator.flash.FlashAddressSpace;
import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.labapi.dto.SlotInfo;
import dev.otalab.mcuboot.flashmap.FlashArea;
import dev.otalab.mcuboot.flashmap.UpgradeMode;
import dev.otalab.mcuboot.image.ImageVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link BootEngine} over the MCUboot model of {@code dev.otalab.emulator.boot}, configured as the
 * kit's bootloader is built: Infineon options (primary validation, CYPRESS log strings, the
 * swap-status partition when the map has one); the rollback example additionally enables
 * downgrade prevention and bootstrap ({@code USE_SW_DOWNGRADE_PREV=1}, {@code USE_BOOTSTRAP=1},
 * psoc6-kits.md §5).
 */
final class McubootEngine implements BootEngine {

    /** {@code USER_SWAP_IMAGE_OK_OFFS}: where the apps read and write image_ok, from the slot end. */
    static final int IMAGE_OK_FROM_END = 24;

    private final Mcuboot mcuboot;
    private final FlashAddressSpace flash;
    private final FlashArea primary;
    private final FlashArea secondary;
    private final boolean swap;

    McubootEngine(KitSpec spec, FlashAddressSpace flash) {
        this.flash = flash;
        this.primary = spec.flashmap().primary(1);
        this.secondary = spec.flashmap().secondary(1);
        this.swap = spec.flashmap().upgradeMode() == UpgradeMode.SWAP_SCRATCH;
        this.mcuboot = Mcuboot.forFlashmap(spec.flashmap(), flash, spec.trustedKeys(), config(spec.bootloader()));
    }

    /** The MCUboot build options of a kit's bootloader. */
    static BootConfig config(BootloaderKind kind) {
        BootConfig c = BootConfig.infineon();
        return kind == BootloaderKind.ROLLBACK ? c.withDowngradePrevention(true).withBootstrap(true) : c;
    }

    Mcuboot mcuboot() {
        return mcuboot;
    }

    @Override
    public Result boot(Log log) {
        BootOutcome o = mcuboot.boot((level, message) -> log.log(level.tag(), message));
        return switch (o.status()) {
            case BOOT -> o.image() != null ? Result.boot(o.image(), o.jumpAddress()) : Result.noBootableImage();
            case NO_BOOTABLE_IMAGE -> Result.noBootableImage();
            case PANIC -> Result.panic();
        };
    }

    /** What blinky checks: the byte at primary end − 24 is 0x01. */
    @Override
    public boolean primaryConfirmed() {
        return flash.read(primary.end() - IMAGE_OK_FROM_END, 1)[0] == 1;
    }

    @Override
    public void confirmPrimary() {
        mcuboot.confirmPrimary();
    }

    @Override
    public void requestUpgrade(boolean permanent) {
        mcuboot.requestUpgrade(permanent);
    }

    @Override
    public void eraseSecondary() {
        mcuboot.eraseSecondary();
    }

    @Override
    public void writeSecondary(long offset, byte[] data) {
        mcuboot.writeSecondary(offset, data);
    }

    @Override
    public boolean swapMode() {
        return swap;
    }

    @Override
    public List<SlotInfo> slots(boolean primaryRunning) {
        List<SlotInfo> out = new ArrayList<>(2);
        for (dev.otalab.emulator.boot.SlotInfo s : mcuboot.slots()) {
            FlashArea area = s.slot() == 0 ? primary : secondary;
            out.add(new SlotInfo(0, s.slot(), s.slot() == 0 ? "primary" : "secondary", area.address(),
                    !s.present(), s.present() ? version(s.version()) : null, s.present() ? s.hash() : null,
                    s.bootable(), s.bootable(), s.pending(), s.confirmed(), s.active() && primaryRunning,
                    s.permanent()));
        }
        return out;
    }

    /** {@code major.minor.revision}, {@code .build} appended when not 0 (lab-api SlotInfo). */
    private static String version(ImageVersion v) {
        return v.toShortString() + (v.build() != 0 ? "." + v.build() : "");
    }
}
