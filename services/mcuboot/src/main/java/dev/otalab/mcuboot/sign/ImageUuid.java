package dev.otalab.mcuboot.sign;

import dev.otalab.mcuboot.image.ImageFormatException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** UUID_VID / UUID_CID values: given literally, or derived as name-based UUIDv5 (imgtool's rules). */
final class ImageUuid {

    /** RFC 4122 namespace for DNS names; imgtool derives vendor ids in it. */
    static final byte[] NAMESPACE_DNS = HexFormat.of().parseHex("6ba7b8109dad11d180b400c04fd430c8");

    private static final Pattern DASHED = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern PLAIN = Pattern.compile("[0-9a-fA-F]{32}");

    private ImageUuid() {
    }

    /** @param namespace 16 bytes, or null when no namespace is known (a CID without a VID) */
    static byte[] parse(byte[] namespace, String value) {
        if (DASHED.matcher(value).matches()) {
            return HexFormat.of().parseHex(value.replace("-", ""));
        }
        if (PLAIN.matcher(value).matches()) {
            return HexFormat.of().parseHex(value);
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new ImageFormatException("Unknown UUID format: " + value);
        }
        if (namespace == null) {
            throw new ImageFormatException("Unknown namespace for UUID: " + value + " (give --vid too)");
        }
        return uuid5(namespace, value);
    }

    static byte[] uuid5(byte[] namespace, String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(namespace);
            sha1.update(name.getBytes(StandardCharsets.UTF_8));
            byte[] uuid = java.util.Arrays.copyOf(sha1.digest(), 16);
            uuid[6] = (byte) ((uuid[6] & 0x0F) | 0x50);
            uuid[8] = (byte) ((uuid[8] & 0x3F) | 0x80);
            return uuid;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 missing from the Java runtime", e);
        }
    }
}
