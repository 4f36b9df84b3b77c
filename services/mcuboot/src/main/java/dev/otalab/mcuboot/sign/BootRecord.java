package dev.otalab.mcuboot.sign;

import dev.otalab.mcuboot.image.ImageHash;
import dev.otalab.mcuboot.image.ImageVersion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The BOOT_RECORD TLV: a CBOR map of PSA software-component properties in imgtool's order
 * (type, version, signer id, measurement description, measurement value). The measurement
 * value is zeros of the digest size; the bootloader fills it in.
 */
final class BootRecord {

    static final int MAX_SW_TYPE_LENGTH = 12;

    private BootRecord() {
    }

    static byte[] encode(String swType, ImageVersion version, ImageHash hash, byte[] signerId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xA5); // map of 5 pairs
        head(out, 0, 1);
        text(out, swType);
        head(out, 0, 4);
        text(out, version.toShortString());
        head(out, 0, 5);
        bytes(out, signerId);
        head(out, 0, 6);
        text(out, hash.name());
        head(out, 0, 2);
        bytes(out, new byte[hash.length()]);
        return out.toByteArray();
    }

    private static void text(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(out, 3, b.length);
        out.writeBytes(b);
    }

    private static void bytes(ByteArrayOutputStream out, byte[] b) {
        head(out, 2, b.length);
        out.writeBytes(b);
    }

    /** CBOR initial byte(s) for a major type and an unsigned argument (shortest form). */
    private static void head(ByteArrayOutputStream out, int major, long value) {
        int mt = major << 5;
        if (value < 24) {
            out.write(mt | (int) value);
        } else if (value < 0x100) {
            out.write(mt | 24);
            out.write((int) value);
        } else if (value < 0x10000) {
            out.write(mt | 25);
            out.write((int) (value >>> 8));
            out.write((int) value);
        } else {
            out.write(mt | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (value >>> shift));
            }
        }
    }
}
