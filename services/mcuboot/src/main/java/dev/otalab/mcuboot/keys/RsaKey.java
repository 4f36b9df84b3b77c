package dev.otalab.mcuboot.keys;

import dev.otalab.mcuboot.image.ImageHash;
import java.io.IOException;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;

/** RSA-2048 / RSA-3072 with RSASSA-PSS, SHA-256, MGF1-SHA-256, salt length 32. */
final class RsaKey extends KeyMaterial {

    private static final AlgorithmIdentifier RSA = new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);
    private static final int SALT_LENGTH = 32;

    private final KeyType type;
    private final RSAKeyParameters publicKey;
    private final RSAPrivateCrtKeyParameters privateKey;

    private RsaKey(KeyType type, RSAKeyParameters publicKey, RSAPrivateCrtKeyParameters privateKey) {
        this.type = type;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    static RsaKey fromPrivate(RSAPrivateKey k) {
        KeyType type = typeOf(k.getModulus());
        if (!k.getPrime1().multiply(k.getPrime2()).equals(k.getModulus())) {
            throw new KeyException("damaged key: RSA primes do not match the modulus");
        }
        RSAPrivateCrtKeyParameters priv;
        RSAKeyParameters pub;
        try {
            priv = new RSAPrivateCrtKeyParameters(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(),
                    k.getPrime1(), k.getPrime2(), k.getExponent1(), k.getExponent2(), k.getCoefficient());
            pub = new RSAKeyParameters(false, k.getModulus(), k.getPublicExponent());
        } catch (IllegalArgumentException e) {
            throw new KeyException("damaged key: " + e.getMessage());
        }
        return new RsaKey(type, pub, priv);
    }

    static RsaKey fromPublic(RSAPublicKey k) {
        KeyType type = typeOf(k.getModulus());
        try {
            return new RsaKey(type, new RSAKeyParameters(false, k.getModulus(), k.getPublicExponent()), null);
        } catch (IllegalArgumentException e) {
            throw new KeyException("damaged key: " + e.getMessage());
        }
    }

    private static KeyType typeOf(BigInteger modulus) {
        return switch (modulus.bitLength()) {
            case 2048 -> KeyType.RSA_2048;
            case 3072 -> KeyType.RSA_3072;
            default -> throw new KeyException("unsupported key: RSA " + modulus.bitLength());
        };
    }

    @Override
    KeyType type() {
        return type;
    }

    @Override
    boolean hasPrivate() {
        return privateKey != null;
    }

    @Override
    byte[] spki() {
        try {
            return der(new SubjectPublicKeyInfo(RSA, pkcs1Public()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    byte[] publicKeyBytes() {
        return der(pkcs1Public());
    }

    @Override
    byte[] pkcs8() {
        try {
            return der(new PrivateKeyInfo(RSA, pkcs1Private()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** imgtool dumps RSA keys only as PKCS#1 ("openssl"); minimal keeps n, e, d, p, q. */
    @Override
    byte[] privateBytes(KeyExport.PrivateFormat format, boolean minimal) {
        if (format == KeyExport.PrivateFormat.PKCS8) {
            throw unsupportedFormat(type, format);
        }
        if (!minimal) {
            return der(pkcs1Private());
        }
        RSAPrivateCrtKeyParameters k = privateKey;
        ASN1EncodableVector v = new ASN1EncodableVector(6);
        for (BigInteger i : new BigInteger[] {BigInteger.ZERO, k.getModulus(), k.getPublicExponent(), k.getExponent(), k.getP(), k.getQ()}) {
            v.add(new ASN1Integer(i));
        }
        return der(new DERSequence(v));
    }

    @Override
    byte[] sign(byte[] buf, int off, int len, byte[] digest, boolean pure) {
        PSSSigner signer = newSigner();
        signer.init(true, new ParametersWithRandom(privateKey, RANDOM));
        signer.update(digestOf(ImageHash.SHA256, buf, off, len, digest), 0, 32);
        try {
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new IllegalStateException("RSA-PSS signing failed", e);
        }
    }

    @Override
    boolean verify(byte[] sig, byte[] buf, int off, int len, byte[] digest, boolean pure) {
        if (sig.length != (publicKey.getModulus().bitLength() + 7) / 8) {
            return false;
        }
        PSSSigner verifier = newSigner();
        verifier.init(false, publicKey);
        verifier.update(digestOf(ImageHash.SHA256, buf, off, len, digest), 0, 32);
        return verifier.verifySignature(sig);
    }

    /** PSS over a precomputed SHA-256 digest: the same signature as over the image with SHA-256. */
    private static PSSSigner newSigner() {
        return PSSSigner.createRawSigner(new RSABlindedEngine(), new SHA256Digest(), new SHA256Digest(), SALT_LENGTH,
                PSSSigner.TRAILER_IMPLICIT);
    }

    private RSAPublicKey pkcs1Public() {
        return new RSAPublicKey(publicKey.getModulus(), publicKey.getExponent());
    }

    private RSAPrivateKey pkcs1Private() {
        RSAPrivateCrtKeyParameters k = privateKey;
        return new RSAPrivateKey(k.getModulus(), k.getPublicExponent(), k.getExponent(), k.getP(), k.getQ(),
                k.getDP(), k.getDQ(), k.getQInv());
    }
}
