package dev.otalab.emulator.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the project's data folders ({@code flashmap/}, {@code keys/}) when no path is configured. */
public final class ProjectPaths {

    /** The project folder with the supported flashmaps. */
    public static final String FLASHMAP_DIR = "flashmap";
    /** The project's public test key. */
    public static final String TEST_KEY = "keys/otalab-test-ec-p256.pub.pem";

    private ProjectPaths() {
    }

    /**
     * {@code relative} resolved against {@code start} or the nearest of its parents where it exists
     * (so {@code quarkus:dev} in {@code emulator/service} and a jar run from the project root both
     * find the project's files).
     */
    public static Optional<Path> findUpwards(Path start, String relative) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@link #findUpwards(Path, String)} from the working directory. */
    public static Optional<Path> findUpwards(String relative) {
        return findUpwards(Path.of(System.getProperty("user.dir", ".")), relative);
    }
}
