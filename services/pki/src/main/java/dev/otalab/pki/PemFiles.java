package dev.otalab.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes PEM files whole or not at all; private keys readable by their owner only. */
public final class PemFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PemFiles() {
    }

    /** Writes a public file (certificate), replacing any old one atomically. */
    public static void writePublic(Path file, String pem) throws IOException {
        write(file, pem, "rw-r--r--");
    }

    /** Writes a private key, mode 0600 where the file system knows modes. */
    public static void writePrivate(Path file, String pem) throws IOException {
        write(file, pem, "rw-------");
    }

    private static void write(Path file, String pem, String mode) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            if (POSIX) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(mode));
            }
            Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
