package dev.otalab.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's data folders are: the launcher passes the checkout as {@code -Dotalab.root}. */
public final class ProjectPaths {

    private ProjectPaths() {
    }

    public static Path root() {
        Path root = Path.of(System.getProperty("otalab.root", ".")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("flashmap"))) {
            throw new IllegalStateException("cannot find the otalab checkout at " + root
                    + " (run through ./otalab, or pass -Dotalab.root=DIR)");
        }
        return root;
    }

    public static Path flashmaps() {
        return root().resolve("flashmap");
    }

    /** The test-only signing key shipped in keys/ (never for production). */
    public static Path testSigningKey() {
        return root().resolve("keys").resolve("otalab-test-ec-p256.pem");
    }
}
