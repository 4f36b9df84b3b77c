package dev.otalab.emulator.service;

import dev.otalab.emulator.boot.BootConfig;
import dev.otalab.emulator.boot.BootOutcome;
import dev.otalab.emulator.boot.FlagState;
import dev.otalab.emulator.boot.Mcuboot;
import dev.otalab.emulator.boot.TrailerArea;
import dev.otalab.emulator.flash.FlashAddressSpace;
import dev.otalab.emulator.kit.BootEngine;
import dev.otalab.emulator.kit.KitSpec;
import dev.otalab.emulator.kit.VirtualKit;
import dev.otalab.labapi.FlashTarget;
import dev.otalab.labapi.dto.SlotInfo;
import dev.otalab.mcuboot.flashmap.FlashArea;
import dev.otalab.mcuboot.flashmap.UpgradeMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Plugs the MCUboot model ({@code dev.otalab.emulator.boot.Mcuboot}, Infineon build options) into
 * every kit as its {@link BootEngine}. Pure glue; it would sit as well in the kit library.
 */
@ApplicationScoped
public class McubootEngines {

    @Produces
    @Singleton
    public VirtualKit.BootEngineFactory bootEngineFactory() {
        return McubootEngines::create;
    }

    /** The Infineon-configured MCUboot over a kit's flash. */
    public static BootEngine create(KitSpec spec, FlashAddressSpace flash) {
        return new Engine(Mcuboot.forFlashmap(spec.flashmap(), flash, spec.trustedKeys(), BootConfig.infineon()),
                spec.flashmap().primary(1), spec.flashmap().secondary(1));
    }

    private static final class Engine implements BootEngine {
        private final Mcuboot mcuboot;
        private final FlashArea primary;
        private final FlashArea secondary;

        Engine(Mcuboot mcuboot, FlashArea primary, FlashArea secondary) {
            this.mcuboot = mcuboot;
            this.primary = primary;
            this.secondary = secondary;
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

        @Override
        public boolean primaryConfirmed() {
            return mcuboot.trailer(TrailerArea.PRIMARY).imageOk() == FlagState.SET;
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
        public boolean swapMode() {
            return mcuboot.layout().mode() == UpgradeMode.SWAP_SCRATCH;
        }

        @Override
        public List<SlotInfo> slots(boolean primaryRunning) {
            List<SlotInfo> out = new ArrayList<>(2);
            for (dev.otalab.emulator.boot.SlotInfo s : mcuboot.slots()) {
                boolean isPrimary = s.slot() == 0;
                FlashArea area = isPrimary ? primary : secondary;
                String version = s.version() == null ? null
                        : s.version().toShortString() + (s.version().build() == 0 ? "" : "." + s.version().build());
                out.add(new SlotInfo(0, s.slot(), isPrimary ? FlashTarget.PRIMARY : FlashTarget.SECONDARY,
                        area.address(), !s.present(), s.present() ? version : null, s.present() ? s.hash() : null,
                        s.bootable(), s.bootable(), s.pending(), s.confirmed(), s.active() && primaryRunning,
                        s.permanent()));
            }
            return out;
        }
    }
}
