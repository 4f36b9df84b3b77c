package dev.otalab.mcuboot.keys;

import dev.otalab.mcuboot.image.ImageHash;
import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** Ed25519: PureEdDSA over the image digest, or over the image itself for a pure signature. */
final class Ed25519Key extends KeyMaterial {

    private static final AlgorithmIdentifier ED25519 = new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);

    private final Ed25519PublicKeyParameters publicKey;
    private final Ed25519PrivateKeyParameters privateKey;

    private Ed25519Key(Ed25519PublicKeyParameters publicKey, Ed25519PrivateKeyParameters privateKey) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** From the 32-byte seed, checked against the public key stored beside it (PKCS#8 v2), if any. */
    static Ed25519Key fromPrivate(byte[] seed, byte[] storedPublic) {
        if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new KeyException("damaged key: Ed25519 private key of " + seed.length + " bytes");
        }
        Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(seed);
        Ed25519PublicKeyParameters pub = priv.generatePublicKey();
        if (storedPublic != null && !Arrays.equals(storedPublic, pub.getEncoded())) {
            throw new KeyException("damaged key: Ed25519 public key does not match the private key");
        }
        return new Ed25519Key(pub, priv);
    }

    static Ed25519Key fromPublic(byte[] encoded) {
        if (encoded.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new KeyException("damaged key: Ed25519 public key of " + encoded.length + " bytes");
        }
        try {
            return new Ed25519Key(new Ed25519PublicKeyParameters(encoded), null);
        } catch (IllegalArgumentException e) {
            throw new KeyException("damaged key: bad Ed25519 public key");
        }
    }

    @Override
    KeyType type() {
        return KeyType.ED25519;
    }

    @Override
    boolean hasPrivate() {
        return privateKey != null;
    }

    @Override
    byte[] spki() {
        return der(new SubjectPublicKeyInfo(ED25519, publicKey.getEncoded()));
    }

    @Override
    byte[] pkcs8() {
        try {
            return der(new PrivateKeyInfo(ED25519, new DEROctetString(privateKey.getEncoded())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    byte[] privateBytes(KeyExport.PrivateFormat format, boolean minimal) {
        throw new KeyException("getpriv does not support ed25519 keys");
    }

    @Override
    byte[] sign(byte[] buf, int off, int len, byte[] digest, boolean pure) {
        byte[] m = pure ? buf : message(buf, off, len, digest);
        byte[] sig = new byte[Ed25519PrivateKeyParameters.SIGNATURE_SIZE];
        privateKey.sign(Ed25519.Algorithm.Ed25519, publicKey, null, m, pure ? off : 0, pure ? len : m.length, sig, 0);
        return sig;
    }

    @Override
    boolean verify(byte[] sig, byte[] buf, int off, int len, byte[] digest, boolean pure) {
        if (sig.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
            return false;
        }
        byte[] m = pure ? buf : message(buf, off, len, digest);
        return publicKey.verify(Ed25519.Algorithm.Ed25519, null, m, pure ? off : 0, pure ? len : m.length, sig, 0);
    }

    /** The signed message: the image digest (SHA-256, or SHA-512 with --sha 512). */
    private static byte[] message(byte[] buf, int off, int len, byte[] digest) {
        if (digest == null) {
            return ImageHash.SHA256.digest(buf, off, len);
        }
        if (digest.length != ImageHash.SHA256.length() && digest.length != ImageHash.SHA512.length()) {
            throw new KeyException("an ed25519 signature covers a SHA-256 or SHA-512 digest, not " + digest.length + " bytes");
        }
        return digest;
    }
}
