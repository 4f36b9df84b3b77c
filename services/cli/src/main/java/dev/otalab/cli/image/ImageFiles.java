package dev.otalab.cli.image;

import dev.otalab.mcuboot.hex.IntelHex;
import dev.otalab.mcuboot.hex.MemoryImage;
import dev.otalab.mcuboot.sign.SignedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads and writes image files the way imgtool does: {@code .hex} is Intel HEX, anything else binary. */
final class ImageFiles {

    /** Bytes of a file and, for Intel HEX, the address of its first byte. */
    record Loaded(byte[] bytes, Long baseAddress) {
    }

    private ImageFiles() {
    }

    static boolean isHex(Path path) {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".hex");
    }

    /** HEX input becomes contiguous bytes from its lowest address, gaps filled with 0xFF. */
    static Loaded read(Path path) throws IOException {
        if (isHex(path)) {
            MemoryImage memory = IntelHex.read(path);
            return new Loaded(memory.toContiguous(0xFF), memory.minAddress());
        }
        return new Loaded(Files.readAllBytes(path), null);
    }

    static void write(Path path, SignedImage image, Long hexAddress) throws IOException {
        if (isHex(path)) {
            MemoryImage memory = new MemoryImage();
            for (SignedImage.Chunk chunk : image.toHexChunks(hexAddress)) {
                memory.put(chunk.address(), chunk.bytes());
            }
            Files.writeString(path, IntelHex.write(memory), StandardCharsets.US_ASCII);
        } else {
            Files.write(path, image.toBinary());
        }
    }
}
