package dev.otalab.mcuboot.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The image hash algorithms and their TLV types. */
public enum HashAlgorithm {
    SHA256(TlvTypes.SHA256, "SHA-256", 32),
    SHA384(TlvTypes.SHA384, "SHA-384", 48),
    SHA512(TlvTypes.SHA512, "SHA-512", 64);

    private final int tlvType;
    private final String jcaName;
    private final int length;

    HashAlgorithm(int tlvType, String jcaName, int length) {
        this.tlvType = tlvType;
        this.jcaName = jcaName;
        this.length = length;
    }

    public int tlvType() {
        return tlvType;
    }

    public int length() {
        return length;
    }

    /** {@code SHA256}, the name imgtool and the boot record use. */
    public String tlvName() {
        return name();
    }

    public static HashAlgorithm forTlvType(int type) {
        for (HashAlgorithm a : values()) {
            if (a.tlvType == type) {
                return a;
            }
        }
        return null;
    }

    /** From imgtool's {@code --sha} value: 256, 384 or 512. */
    public static HashAlgorithm forBits(String bits) {
        return switch (bits) {
            case "256" -> SHA256;
            case "384" -> SHA384;
            case "512" -> SHA512;
            default -> throw new ImageFormatException("unknown hash '" + bits + "': use 256, 384 or 512");
        };
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " missing from the Java runtime", e);
        }
    }

    public byte[] digest(byte[] data, int offset, int length) {
        MessageDigest md = newDigest();
        md.update(data, offset, length);
        return md.digest();
    }
}
