package dev.otalab.emulator.kit;

import dev.otalab.emulator.flash.FlashAddressSpace;
import dev.otalab.emulator.flash.FlashDevice;
import dev.otalab.emulator.flash.FlashGeometry;
import dev.otalab.emulator.flash.PowerFailInjector;
import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.flashmap.FlashMemory;

/** The kit's flash devices from its flashmap: one device per memory, all on one power rail. */
final class KitFlashFactory {

    private KitFlashFactory() {
    }

    static FlashAddressSpace build(Flashmap map, PowerFailInjector power) {
        FlashAddressSpace space = new FlashAddressSpace();
        for (FlashMemory m : map.memories()) {
            FlashGeometry g = FlashGeometry.uniform(m.size(), m.eraseSize(), m.writeSize(), m.erasedValue());
            space.map(m.base(), new FlashDevice(m.name(), g, power));
        }
        return space;
    }
}
