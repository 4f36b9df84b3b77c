package dev.otalab.mcuboot.image;

import dev.otalab.mcuboot.McubootException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The image hash algorithms of MCUboot, with the type of the hash TLV that carries the digest. */
public enum ImageHash {
    SHA256(0x10, 32, "SHA-256", "256"),
    SHA384(0x11, 48, "SHA-384", "384"),
    SHA512(0x12, 64, "SHA-512", "512");

    private final int tlvType;
    private final int length;
    private final String jcaName;
    private final String cliName;

    ImageHash(int tlvType, int length, String jcaName, String cliName) {
        this.tlvType = tlvType;
        this.length = length;
        this.jcaName = jcaName;
        this.cliName = cliName;
    }

    /** Type of the hash TLV (0x10, 0x11, 0x12). */
    public int tlvType() {
        return tlvType;
    }

    /** Digest length in bytes. */
    public int length() {
        return length;
    }

    /** imgtool's name for it in {@code --sha}: "256", "384", "512". */
    public String cliName() {
        return cliName;
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " missing from the JDK", e);
        }
    }

    public byte[] digest(byte[] buf, int off, int len) {
        MessageDigest md = newDigest();
        md.update(buf, off, len);
        return md.digest();
    }

    public byte[] digest(byte[] data) {
        return digest(data, 0, data.length);
    }

    /** The algorithm of a hash TLV type, or null when the type is not a hash. */
    public static ImageHash byTlvType(int type) {
        for (ImageHash h : values()) {
            if (h.tlvType == type) {
                return h;
            }
        }
        return null;
    }

    /** By imgtool's {@code --sha} value ("256", "384", "512"). */
    public static ImageHash byCliName(String name) {
        for (ImageHash h : values()) {
            if (h.cliName.equals(name)) {
                return h;
            }
        }
        throw new McubootException("unknown hash '" + name + "'; valid: "
                + Arrays.stream(values()).map(ImageHash::cliName).collect(Collectors.joining(", ")));
    }
}
