package dev.otalab.mcuboot.keys;

import dev.otalab.mcuboot.image.ImageHash;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The key types imgtool knows, with what the image format needs to know about each: the signature
 * TLV, the image hashes the key may be used with, and imgtool's names.
 */
public enum KeyType {
    ECDSA_P256("ecdsa-p256", "ecdsa", 0x22, 72, ImageHash.SHA256),
    ECDSA_P384("ecdsa-p384", "ecdsap384", 0x22, 103, ImageHash.SHA384),
    RSA_2048("rsa-2048", "rsa", 0x20, 256, ImageHash.SHA256),
    RSA_3072("rsa-3072", "rsa", 0x23, 384, ImageHash.SHA256),
    ED25519("ed25519", "ed25519", 0x24, 64, ImageHash.SHA256, ImageHash.SHA512),
    /** Encryption only: cannot sign. */
    X25519("x25519", "x25519", 0, 0, ImageHash.SHA256, ImageHash.SHA512);

    private final String cliName;
    private final String shortName;
    private final int signatureTlv;
    private final int paddedSignatureLength;
    private final ImageHash defaultHash;
    private final Set<ImageHash> allowedHashes;

    KeyType(String cliName, String shortName, int signatureTlv, int paddedSignatureLength,
            ImageHash defaultHash, ImageHash... otherHashes) {
        this.cliName = cliName;
        this.shortName = shortName;
        this.signatureTlv = signatureTlv;
        this.paddedSignatureLength = paddedSignatureLength;
        this.defaultHash = defaultHash;
        this.allowedHashes = Set.copyOf(EnumSet.of(defaultHash, otherHashes));
    }

    /** imgtool's {@code keygen -t} name, e.g. "ecdsa-p256". */
    public String cliName() {
        return cliName;
    }

    /** imgtool's short name, the prefix of the {@code getpub} symbols, e.g. "ecdsa" in {@code ecdsa_pub_key}. */
    public String shortName() {
        return shortName;
    }

    public boolean canSign() {
        return signatureTlv != 0;
    }

    public boolean isEcdsa() {
        return this == ECDSA_P256 || this == ECDSA_P384;
    }

    public boolean isRsa() {
        return this == RSA_2048 || this == RSA_3072;
    }

    /** Type of the signature TLV: 0x22 ECDSASIG, 0x20 RSA2048, 0x23 RSA3072, 0x24 ED25519. */
    public int signatureTlv() {
        requireSigning();
        return signatureTlv;
    }

    /**
     * Signature length imgtool reports for the key: the exact length for RSA and Ed25519, the
     * {@code --pad-sig} target for ECDSA (72 for P-256, 103 for P-384; a DER signature may be
     * shorter, and a P-384 one may even be 104 bytes and is then left unpadded).
     */
    public int paddedSignatureLength() {
        requireSigning();
        return paddedSignatureLength;
    }

    /** Hash chosen by {@code --sha auto}. */
    public ImageHash defaultHash() {
        return defaultHash;
    }

    /** Image hashes imgtool accepts with a private key of this type. */
    public Set<ImageHash> allowedHashes() {
        return allowedHashes;
    }

    /**
     * The image hash imgtool signs with: {@code requested} (null for {@code --sha auto}) checked
     * against {@link #allowedHashes()}; a pure signature (Ed25519 only) always uses SHA-512.
     */
    public ImageHash imageHash(ImageHash requested, boolean pure) {
        if (pure) {
            if (this != ED25519) {
                throw new KeyException("pure signatures need an ed25519 key, not " + cliName);
            }
            return ImageHash.SHA512;
        }
        if (requested == null) {
            return defaultHash;
        }
        if (!allowedHashes.contains(requested)) {
            throw new KeyException("key " + cliName + " cannot be used with --sha " + requested.cliName()
                    + "; allowed: " + allowedHashes.stream().sorted().map(ImageHash::cliName)
                            .collect(Collectors.joining(", ")));
        }
        return requested;
    }

    /** By imgtool's {@code keygen -t} name. */
    public static KeyType byCliName(String name) {
        for (KeyType t : values()) {
            if (t.cliName.equals(name)) {
                return t;
            }
        }
        throw new KeyException("unknown key type '" + name + "'; valid: "
                + Arrays.stream(values()).map(KeyType::cliName).collect(Collectors.joining(", ")));
    }

    private void requireSigning() {
        if (!canSign()) {
            throw new KeyException(cliName + " keys cannot sign (encryption only)");
        }
    }
}
