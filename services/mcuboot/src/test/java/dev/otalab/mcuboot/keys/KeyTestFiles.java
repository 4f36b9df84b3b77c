package dev.otalab.mcuboot.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test files: the shared golden vectors, this module's test resources, and a minimal TLV reader. */
final class KeyTestFiles {

    static final Path SHARED = Path.of(System.getProperty("otalab.shared", "../../../shared"));

    private KeyTestFiles() {
    }

    /** A file of {@code shared/vectors/imgtool/}. */
    static Path vector(String name) {
        return SHARED.resolve("vectors/imgtool").resolve(name);
    }

    /** A file under {@code src/test/resources/}. */
    static Path resource(String name) {
        try {
            var url = KeyTestFiles.class.getResource("/" + name);
            if (url == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key by name: the golden ones from the shared vectors, the others from {@code keys/}. */
    static Path keyFile(String name) {
        Path golden = vector(name);
        return Files.exists(golden) ? golden : resource("keys/" + name);
    }

    static McubootKey key(String name) {
        return McubootKey.read(keyFile(name), "secret".toCharArray());
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Path file) {
        return new String(bytes(file), StandardCharsets.US_ASCII);
    }

    /** One TLV record of a signed image: its type and where its payload is. */
    record Tlv(int type, int offset, int length) {
        byte[] payload(byte[] image) {
            return java.util.Arrays.copyOfRange(image, offset, offset + length);
        }
    }

    /** A signed image, read as far as these tests need (spec §1, §2, §5). */
    record Image(byte[] bytes) {
        static Image of(String vectorName) {
            return new Image(KeyTestFiles.bytes(vector(vectorName)));
        }

        /** Header, header padding, payload and protected TLVs: what the digest and signature cover. */
        int hashedLength() {
            return u16(8) + (int) u32(12) + u16(10);
        }

        List<Tlv> unprotectedTlvs() {
            int off = hashedLength();
            if (u16(off) != 0x6907) {
                throw new IllegalStateException("no unprotected TLV area at " + off);
            }
            int end = off + u16(off + 2);
            List<Tlv> tlvs = new ArrayList<>();
            for (off += 4; off < end; off += 4 + u16(off + 2)) {
                tlvs.add(new Tlv(u16(off), off + 4, u16(off + 2)));
            }
            return tlvs;
        }

        byte[] tlv(int type) {
            return unprotectedTlvs().stream().filter(t -> t.type() == type).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no TLV " + type)).payload(bytes);
        }

        private int u16(int off) {
            return (bytes[off] & 0xff) | (bytes[off + 1] & 0xff) << 8;
        }

        private long u32(int off) {
            return u16(off) | (long) u16(off + 2) << 16;
        }
    }
}
