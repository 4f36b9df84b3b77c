package dev.otalab.mcuboot.keys;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** ECDSA on P-256 (SHA-256) or P-384 (SHA-384). Signatures are DER and deterministic (RFC 6979). */
final class EcdsaKey extends KeyMaterial {

    private static final AlgorithmIdentifier P256 = algorithm(SECObjectIdentifiers.secp256r1);
    private static final AlgorithmIdentifier P384 = algorithm(SECObjectIdentifiers.secp384r1);
    private static final ECNamedDomainParameters P256_DOMAIN = domain(SECObjectIdentifiers.secp256r1);
    private static final ECNamedDomainParameters P384_DOMAIN = domain(SECObjectIdentifiers.secp384r1);

    private final KeyType type;
    private final ECPublicKeyParameters publicKey;
    private final ECPrivateKeyParameters privateKey;

    private EcdsaKey(KeyType type, ECPublicKeyParameters publicKey, ECPrivateKeyParameters privateKey) {
        this.type = type;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** From the curve OID (the parameters of id-ecPublicKey) and the SEC 1 ECPrivateKey. */
    static EcdsaKey fromPrivate(ASN1Primitive curve, ECPrivateKey sec1) {
        KeyType type = typeOf(curve);
        ECNamedDomainParameters domain = domain(type);
        BigInteger d = sec1.getKey();
        if (d.signum() <= 0 || d.compareTo(domain.getN()) >= 0) {
            throw new KeyException("damaged key: EC private value out of range");
        }
        ECPoint q = new FixedPointCombMultiplier().multiply(domain.getG(), d).normalize();
        if (sec1.getPublicKey() != null) {
            ECPoint stored = decodePoint(domain, sec1.getPublicKey().getOctets());
            if (!stored.equals(q)) {
                throw new KeyException("damaged key: EC public key does not match the private key");
            }
        }
        return new EcdsaKey(type, new ECPublicKeyParameters(q, domain), new ECPrivateKeyParameters(d, domain));
    }

    static EcdsaKey fromPublic(ASN1Primitive curve, byte[] point) {
        KeyType type = typeOf(curve);
        ECNamedDomainParameters domain = domain(type);
        return new EcdsaKey(type, new ECPublicKeyParameters(decodePoint(domain, point), domain), null);
    }

    /** The curve named by the parameters of an id-ecPublicKey algorithm (or the [0] field of SEC 1). */
    static KeyType typeOf(ASN1Primitive curve) {
        if (!(curve instanceof ASN1ObjectIdentifier oid)) {
            throw new KeyException(curve == null ? "damaged key: EC key without curve"
                    : "unsupported key: EC with explicit curve parameters (use a named curve)");
        }
        if (oid.equals(SECObjectIdentifiers.secp256r1)) {
            return KeyType.ECDSA_P256;
        }
        if (oid.equals(SECObjectIdentifiers.secp384r1)) {
            return KeyType.ECDSA_P384;
        }
        String name = ECNamedCurveTable.getName(oid);
        throw new KeyException("unsupported key: EC " + (name != null ? name : oid.getId()));
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
        return der(new SubjectPublicKeyInfo(algorithm(type), publicKey.getQ().getEncoded(false)));
    }

    @Override
    byte[] pkcs8() {
        return privateBytes(KeyExport.PrivateFormat.PKCS8, false);
    }

    @Override
    byte[] privateBytes(KeyExport.PrivateFormat format, boolean minimal) {
        int bits = privateKey.getParameters().getN().bitLength();
        DERBitString pub = minimal ? null : new DERBitString(publicKey.getQ().getEncoded(false));
        BigInteger d = privateKey.getD();
        try {
            if (format == KeyExport.PrivateFormat.OPENSSL) {
                return der(new ECPrivateKey(bits, d, pub, algorithm(type).getParameters()));
            }
            return der(new PrivateKeyInfo(algorithm(type), new ECPrivateKey(bits, d, pub, null)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    byte[] sign(byte[] buf, int off, int len, byte[] digest, boolean pure) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(newDigest()));
        signer.init(true, privateKey);
        BigInteger[] rs = signer.generateSignature(digestOf(type.defaultHash(), buf, off, len, digest));
        return der(new DERSequence(new ASN1Integer[] {new ASN1Integer(rs[0]), new ASN1Integer(rs[1])}));
    }

    /** Uses only the DER prefix of {@code sig} ({@code sig[1] + 2} bytes): imgtool's --pad-sig appends zeros. */
    @Override
    boolean verify(byte[] sig, byte[] buf, int off, int len, byte[] digest, boolean pure) {
        if (sig.length < 8 || sig[0] != 0x30 || (sig[1] & 0xff) + 2 > sig.length) {
            return false;
        }
        byte[] prefix = Arrays.copyOf(sig, (sig[1] & 0xff) + 2);
        BigInteger r;
        BigInteger s;
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(prefix));
            if (seq.size() != 2) {
                return false;
            }
            r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
            s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
            if (!Arrays.equals(prefix, der(seq))) {
                return false; // BER, not DER
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, publicKey);
        return verifier.verifySignature(digestOf(type.defaultHash(), buf, off, len, digest), r, s);
    }

    private Digest newDigest() {
        return type == KeyType.ECDSA_P256 ? new SHA256Digest() : new SHA384Digest();
    }

    private static ECPoint decodePoint(ECNamedDomainParameters domain, byte[] encoded) {
        ECPoint p;
        try {
            p = domain.getCurve().decodePoint(encoded);
        } catch (RuntimeException e) {
            throw new KeyException("damaged key: bad EC point");
        }
        if (p.isInfinity() || !p.isValid()) {
            throw new KeyException("damaged key: bad EC point");
        }
        return p.normalize();
    }

    private static AlgorithmIdentifier algorithm(KeyType type) {
        return type == KeyType.ECDSA_P256 ? P256 : P384;
    }

    private static ECNamedDomainParameters domain(KeyType type) {
        return type == KeyType.ECDSA_P256 ? P256_DOMAIN : P384_DOMAIN;
    }

    private static AlgorithmIdentifier algorithm(ASN1ObjectIdentifier curve) {
        return new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve);
    }

    private static ECNamedDomainParameters domain(ASN1ObjectIdentifier curve) {
        return new ECNamedDomainParameters(curve, ECNamedCurveTable.getByOID(curve));
    }
}
