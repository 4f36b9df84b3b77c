package dev.otalab.mcuboot.hex;

import java.nio.file.Path;

/** Files under the shared folder (golden vectors), found via the {@code otalab.shared} property. */
final class Shared {
    private Shared() {
    }

    static Path path(String relative) {
        return Path.of(System.getProperty("otalab.shared", "../../../shared")).resolve(relative);
    }
}
