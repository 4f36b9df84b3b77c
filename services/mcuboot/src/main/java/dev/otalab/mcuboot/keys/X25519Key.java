package dev.otalab.mcuboot.keys;

import java.io.IOException;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/** X25519: an image encryption key (ECIES-X25519); it cannot sign. */
final class X25519Key extends KeyMaterial {

    private static final AlgorithmIdentifier X25519 = new AlgorithmIdentifier(EdECObjectIdentifiers.id_X25519);

    private final X25519PublicKeyParameters publicKey;
    private final X25519PrivateKeyParameters privateKey;

    private X25519Key(X25519PublicKeyParameters publicKey, X25519PrivateKeyParameters privateKey) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    static X25519Key fromPrivate(byte[] scalar) {
        if (scalar.length != X25519PrivateKeyParameters.KEY_SIZE) {
            throw new KeyException("damaged key: X25519 private key of " + scalar.length + " bytes");
        }
        X25519PrivateKeyParameters priv = new X25519PrivateKeyParameters(scalar);
        return new X25519Key(priv.generatePublicKey(), priv);
    }

    static X25519Key fromPublic(byte[] encoded) {
        if (encoded.length != X25519PublicKeyParameters.KEY_SIZE) {
            throw new KeyException("damaged key: X25519 public key of " + encoded.length + " bytes");
        }
        return new X25519Key(new X25519PublicKeyParameters(encoded), null);
    }

    @Override
    KeyType type() {
        return KeyType.X25519;
    }

    @Override
    boolean hasPrivate() {
        return privateKey != null;
    }

    @Override
    byte[] spki() {
        return der(new SubjectPublicKeyInfo(X25519, publicKey.getEncoded()));
    }

    @Override
    byte[] pkcs8() {
        try {
            return der(new PrivateKeyInfo(X25519, new DEROctetString(privateKey.getEncoded())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** imgtool dumps X25519 keys only as PKCS#8; minimal changes nothing. */
    @Override
    byte[] privateBytes(KeyExport.PrivateFormat format, boolean minimal) {
        if (format == KeyExport.PrivateFormat.OPENSSL) {
            throw unsupportedFormat(KeyType.X25519, format);
        }
        return pkcs8();
    }

    @Override
    byte[] sign(byte[] buf, int off, int len, byte[] digest, boolean pure) {
        throw new IllegalStateException("x25519 cannot sign");
    }

    @Override
    boolean verify(byte[] sig, byte[] buf, int off, int len, byte[] digest, boolean pure) {
        throw new IllegalStateException("x25519 cannot verify");
    }
}
