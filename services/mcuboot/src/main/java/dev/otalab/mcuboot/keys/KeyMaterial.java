package dev.otalab.mcuboot.keys;

import dev.otalab.mcuboot.image.ImageHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;

/**
 * The key itself, one subclass per key family (as imgtool's {@code keys/} package has one file
 * per type). Immutable; the private part may be absent.
 */
abstract sealed class KeyMaterial permits EcdsaKey, RsaKey, Ed25519Key, X25519Key {

    static final SecureRandom RANDOM = new SecureRandom();

    abstract KeyType type();

    abstract boolean hasPrivate();

    /** SubjectPublicKeyInfo DER. */
    abstract byte[] spki();

    /** The bytes MCUboot embeds (§9): SubjectPublicKeyInfo, except PKCS#1 RSAPublicKey for RSA. */
    byte[] publicKeyBytes() {
        return spki();
    }

    /** PKCS#8 PrivateKeyInfo DER, encoded as OpenSSL (and so imgtool keygen) encodes it. */
    abstract byte[] pkcs8();

    /**
     * The private key as {@code imgtool getpriv} dumps it, in {@code format} (null: the type's
     * default), optionally {@code minimal}.
     */
    abstract byte[] privateBytes(KeyExport.PrivateFormat format, boolean minimal);

    /**
     * Signs the image region {@code buf[off, off+len)} whose image hash is {@code digest} (may be
     * null: it is then computed). Only called when the type can sign and the private part exists.
     */
    abstract byte[] sign(byte[] buf, int off, int len, byte[] digest, boolean pure);

    /** Verifies as MCUboot does; false for any malformed signature. */
    abstract boolean verify(byte[] sig, byte[] buf, int off, int len, byte[] digest, boolean pure);

    /** The digest the signature covers: {@code digest} if it has the right length, else the hash of the region. */
    static byte[] digestOf(ImageHash hash, byte[] buf, int off, int len, byte[] digest) {
        return digest != null && digest.length == hash.length() ? digest : hash.digest(buf, off, len);
    }

    static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KeyException unsupportedFormat(KeyType type, KeyExport.PrivateFormat format) {
        return new KeyException(type.shortName() + " does not support " + format.cliName());
    }
}
