package dev.otalab.emulator.kit.app;

import java.util.Locale;

/** Which firmware an emulated application imitates (the {@code "app"} field of TLV 0x00A0). */
public enum AppKind {
    /** The OTA code example's application (mtb-example-ota-mqtt), also the default without TLV. */
    OTA,
    /** The rollback example's blinky (BOOT or UPGRADE build). */
    BLINKY,
    /** The rollback example's factory app. */
    FACTORY;

    /** {@code ota}, {@code blinky}, {@code factory}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AppKind parse(String s) {
        for (AppKind k : values()) {
            if (k.wire().equalsIgnoreCase(s.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("app must be one of ota|blinky|factory, got '" + s + "'");
    }
}
