package dev.otalab.mcuboot.verify;

import static dev.otalab.mcuboot.LittleEndian.u16;

import dev.otalab.mcuboot.image.ImageHash;
import dev.otalab.mcuboot.image.ImageFormatException;
import dev.otalab.mcuboot.image.ImageHeader;
import dev.otalab.mcuboot.image.McubootImage;
import dev.otalab.mcuboot.image.Tlv;
import dev.otalab.mcuboot.image.TlvArea;
import dev.otalab.mcuboot.image.TlvTypes;
import dev.otalab.mcuboot.keys.KeyType;
import dev.otalab.mcuboot.keys.McubootKey;
import java.security.MessageDigest;

/**
 * Verifies an image with {@code imgtool verify}'s outcomes and messages (mcuboot-image.md §12):
 * the hash, then each signature TLV of the key's type in turn; padding and trailer are ignored.
 *
 * <p>It is stricter than imgtool where imgtool accepts a damaged image, so that no single
 * changed byte of an image goes unnoticed: the TLV areas must be well formed (records tile the
 * area, the protected size agrees with the header), TLV types are compared in full 16 bits, and
 * a signature counts only after a KEYHASH or PUBKEY that names the given key, as in the bootloader.
 */
public final class ImageVerifier {

    private ImageVerifier() {
    }

    /** @param key the key to check the signature with, or null to check only the hash */
    public static VerifyResult verify(byte[] bytes, McubootKey key) {
        VerifyResult magicProblem = checkMagics(bytes);
        if (magicProblem != null) {
            return magicProblem;
        }
        McubootImage image;
        try {
            image = McubootImage.parse(bytes);
        } catch (ImageFormatException e) {
            return VerifyResult.malformed(e.getMessage());
        }
        if (key != null && !key.type().canSign()) {
            return VerifyResult.failure(VerifyStatus.KEY_MISMATCH);
        }
        boolean pure = image.unprotectedArea().find(TlvTypes.SIG_PURE).isPresent();
        byte[] digest = null;
        boolean keyNamed = false;
        for (Tlv tlv : image.unprotectedTlvs()) {
            ImageHash hash = ImageHash.byTlvType(tlv.type());
            if (hash != null) {
                if (key != null && !hashAllowed(key.type(), hash)) {
                    return VerifyResult.failure(VerifyStatus.KEY_MISMATCH);
                }
                digest = image.computeDigest(hash);
                if (!MessageDigest.isEqual(digest, tlv.value())) {
                    return VerifyResult.failure(VerifyStatus.INVALID_HASH);
                }
                if (key == null) {
                    return new VerifyResult(VerifyStatus.OK, null, image.version(), digest, null);
                }
            } else if (key != null && (tlv.type() == TlvTypes.KEYHASH || tlv.type() == TlvTypes.PUBKEY)) {
                if (!namesKey(tlv, key, image)) {
                    return VerifyResult.failure(VerifyStatus.KEY_HASH_MISMATCH);
                }
                keyNamed = true;
            } else if (key != null && keyNamed && tlv.type() == key.type().signatureTlv()
                    && signatureHolds(key, tlv.value(), image, digest, pure)) {
                return pure ? new VerifyResult(VerifyStatus.OK, null, image.version(), null, tlv.value())
                        : new VerifyResult(VerifyStatus.OK, null, image.version(), digest, null);
            }
        }
        return VerifyResult.failure(VerifyStatus.INVALID_SIGNATURE);
    }

    /** The two magic checks imgtool makes before anything else, with its messages. */
    private static VerifyResult checkMagics(byte[] b) {
        if (b.length < ImageHeader.SIZE) {
            return b.length >= 4 && dev.otalab.mcuboot.LittleEndian.u32(b, 0) != ImageHeader.MAGIC
                    ? VerifyResult.failure(VerifyStatus.INVALID_MAGIC)
                    : VerifyResult.malformed("file of " + b.length + " bytes is shorter than an image header");
        }
        ImageHeader header = ImageHeader.read(b, 0);
        if (!header.hasMagic()) {
            return VerifyResult.failure(VerifyStatus.INVALID_MAGIC);
        }
        long off = header.tlvOffset();
        if (off + TlvArea.INFO_SIZE <= b.length && u16(b, (int) off) == TlvTypes.PROTECTED_INFO_MAGIC) {
            off += u16(b, (int) off + 2);
        }
        if (off + TlvArea.INFO_SIZE <= b.length && u16(b, (int) off) != TlvTypes.UNPROTECTED_INFO_MAGIC) {
            return VerifyResult.failure(VerifyStatus.INVALID_TLV_INFO_MAGIC);
        }
        return null;
    }

    private static boolean namesKey(Tlv tlv, McubootKey key, McubootImage image) {
        byte[] publicBytes = key.publicKeyBytes();
        if (tlv.type() == TlvTypes.PUBKEY) {
            return MessageDigest.isEqual(publicBytes, tlv.value());
        }
        return MessageDigest.isEqual(key.publicKeyHash(image.hashAlgorithm().orElse(ImageHash.SHA256)), tlv.value());
    }

    private static boolean signatureHolds(McubootKey key, byte[] signature, McubootImage image, byte[] digest,
                                          boolean pure) {
        if (pure && key.type() != KeyType.ED25519) {
            return false;
        }
        if (digest == null && !pure) {
            return false; // the signature covers the digest, and no hash TLV came before it
        }
        return key.verifyImage(signature, image.bytes(), 0, image.hashedLength(), digest, pure);
    }

    /**
     * The hashes a key may be checked against. imgtool lets a P-256 public key also check
     * SHA-512, which no imgtool signer produces; we hold public keys to the signing rules.
     */
    static boolean hashAllowed(KeyType type, ImageHash hash) {
        return type.allowedHashes().contains(hash);
    }
}
