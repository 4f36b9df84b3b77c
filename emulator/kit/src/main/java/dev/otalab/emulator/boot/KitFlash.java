package dev.otalab.emulator.boot;

import dev.otalab.emulator.flash.FlashAddressSpace;
import dev.otalab.emulator.flash.FlashDevice;
import dev.otalab.emulator.flash.FlashGeometry;
import dev.otalab.emulator.flash.PowerFailInjector;
import dev.otalab.mcuboot.flashmap.FlashMemory;
import dev.otalab.mcuboot.flashmap.Flashmap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The flash of one emulated kit built from a flashmap: one {@link FlashDevice} per memory of the
 * map (PSoC 6: {@code internal}, 512-byte rows, W = 8, erased 0x00; {@code external}, the QSPI
 * part's sectors, W = 1, erased 0xFF), all on one {@link PowerFailInjector}, mapped at their CPU
 * bases. Devices start erased.
 */
public record KitFlash(FlashAddressSpace space, PowerFailInjector power, Map<String, FlashDevice> devices) {

    public KitFlash {
        devices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(devices));
    }

    /** Devices for every memory the map declares, sharing a new power rail. */
    public static KitFlash forFlashmap(Flashmap map) {
        return forFlashmap(map, new PowerFailInjector());
    }

    /** Devices for every memory the map declares, on the given power rail. */
    public static KitFlash forFlashmap(Flashmap map, PowerFailInjector power) {
        FlashAddressSpace space = new FlashAddressSpace();
        Map<String, FlashDevice> devices = new LinkedHashMap<>();
        for (FlashMemory m : map.memories()) {
            FlashGeometry g = FlashGeometry.uniform(m.size(), m.eraseSize(), m.writeSize(), m.erasedValue());
            FlashDevice d = new FlashDevice(m.name(), g, power);
            space.map(m.base(), d);
            devices.put(m.name(), d);
        }
        return new KitFlash(space, power, devices);
    }

    /** The device of that memory name ({@code internal}, {@code external}). */
    public Optional<FlashDevice> device(String name) {
        return Optional.ofNullable(devices.get(name));
    }
}
