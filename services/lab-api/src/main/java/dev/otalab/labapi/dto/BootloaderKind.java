package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Bootloader an emulated kit runs. */
public enum BootloaderKind implements WireEnum {
    /** Plain MCUboot as in the Infineon OTA code examples. */
    MCUBOOT("mcuboot"),
    /** MCUboot plus the rollback-to-factory logic of mtb-example-wifi-mcuboot-rollback (spec psoc6-kits.md §6). */
    ROLLBACK("rollback");

    private final String wire;

    BootloaderKind(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    @Override
    public String toString() {
        return wire;
    }

    @JsonCreator
    public static BootloaderKind fromString(String value) {
        return WireEnum.parse(BootloaderKind.class, "bootloader", value);
    }
}
