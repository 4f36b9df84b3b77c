package dev.otalab.signing.model;

import dev.otalab.mcuboot.image.ImageHash;
import dev.otalab.mcuboot.keys.McubootKey;
import java.util.HexFormat;

/**
 * A key of the key directory: its id (file name without {@code .pem}) and the key. The private
 * part, when present, never leaves this object except into {@code ImageSigner}.
 */
public record SigningKey(String id, McubootKey key) {

    /** True when the file held a private key of a type that signs (not X25519, not public-only). */
    public boolean canSign() {
        return key.hasPrivateKey() && key.type().canSign();
    }

    public boolean canVerify() {
        return key.type().canSign();
    }

    /** imgtool's {@code getpubhash}: SHA-256 of the public-key bytes, lower-case hex. */
    public String keyHash() {
        return HexFormat.of().formatHex(key.publicKeyHash(ImageHash.SHA256));
    }
}
