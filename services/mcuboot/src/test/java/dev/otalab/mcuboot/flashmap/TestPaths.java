package dev.otalab.mcuboot.flashmap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the tests find the shared reference material and the project's own flashmap folder. */
final class TestPaths {

    private TestPaths() {
    }

    /** {@code shared/} beside the clone (surefire sets {@code otalab.shared}). */
    static Path shared() {
        return Path.of(System.getProperty("otalab.shared", "../../../shared"));
    }

    /** Infineon's flashmaps, unchanged. */
    static Path referenceFlashmaps() {
        return shared().resolve("reference/flashmap");
    }

    /** The repository root (tests run in {@code services/mcuboot}). */
    static Path root() {
        return Path.of(System.getProperty("otalab.root", "../.."));
    }

    /** The project's own flashmap data files. */
    static Path projectFlashmaps() {
        return root().resolve("flashmap");
    }

    /** The flashmaps (not platform files) in a folder, sorted by name. */
    static List<Path> mapsIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().equals(FlashmapReader.XMC7200_PLATFORM_FILE))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
