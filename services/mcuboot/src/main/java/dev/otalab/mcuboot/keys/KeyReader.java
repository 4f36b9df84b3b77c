package dev.otalab.mcuboot.keys;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Reads the key PEM blocks imgtool (through OpenSSL) accepts: PKCS#8, encrypted PKCS#8, SEC 1
 * {@code EC PRIVATE KEY} and PKCS#1 {@code RSA PRIVATE KEY} (both possibly with legacy
 * {@code Proc-Type: 4,ENCRYPTED}), SubjectPublicKeyInfo and PKCS#1 {@code RSA PUBLIC KEY}.
 * The first key block counts; other blocks ({@code EC PARAMETERS}, certificates) are skipped.
 */
final class KeyReader {

    private KeyReader() {
    }

    static KeyMaterial read(String text, char[] password, String source) {
        List<String> skipped = new ArrayList<>();
        for (Pem.Block block : Pem.decode(text, source)) {
            KeyMaterial key = decode(block, password, source);
            if (key != null) {
                return key;
            }
            skipped.add(block.label());
        }
        throw Pem.notPem(source, skipped.isEmpty() ? null : "no key block; found " + String.join(", ", skipped));
    }

    /** The key in {@code block}, or null if the block holds no key. */
    private static KeyMaterial decode(Pem.Block block, char[] password, String source) {
        String label = block.label();
        try {
            return switch (label) {
                case "PRIVATE KEY" -> fromPrivateKeyInfo(PrivateKeyInfo.getInstance(asn1(block.der())));
                case "ENCRYPTED PRIVATE KEY" ->
                        fromPrivateKeyInfo(KeyEncryption.decryptPkcs8(block.der(), password, source));
                case "EC PRIVATE KEY" -> {
                    ECPrivateKey sec1 = ECPrivateKey.getInstance(asn1(legacyDecrypt(block, password, source)));
                    yield EcdsaKey.fromPrivate(sec1.getParametersObject() == null ? null
                            : sec1.getParametersObject().toASN1Primitive(), sec1);
                }
                case "RSA PRIVATE KEY" -> RsaKey.fromPrivate(RSAPrivateKey.getInstance(asn1(legacyDecrypt(block, password, source))));
                case "PUBLIC KEY" -> fromSpki(SubjectPublicKeyInfo.getInstance(asn1(block.der())));
                case "RSA PUBLIC KEY" -> RsaKey.fromPublic(RSAPublicKey.getInstance(asn1(block.der())));
                case "DSA PRIVATE KEY" -> throw unsupported("DSA");
                case "OPENSSH PRIVATE KEY" -> throw new KeyException(
                        "unsupported key file format: OpenSSH (convert it to PKCS#8: ssh-keygen -p -m PKCS8 -f FILE)");
                default -> null;
            };
        } catch (KeyException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // BC reports malformed ASN.1 with IOException, IllegalArgumentException, ClassCastException...
            throw Pem.notPem(source, "malformed " + label + " block");
        }
    }

    /** A PKCS#8 PrivateKeyInfo DER known to be well formed (a freshly generated key). */
    static KeyMaterial fromPkcs8(byte[] der) {
        try {
            return fromPrivateKeyInfo(PrivateKeyInfo.getInstance(der));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A SubjectPublicKeyInfo DER known to be well formed (one of ours). */
    static KeyMaterial fromSpki(byte[] der) {
        try {
            return fromSpki(SubjectPublicKeyInfo.getInstance(der));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyMaterial fromPrivateKeyInfo(PrivateKeyInfo info) throws IOException {
        ASN1ObjectIdentifier alg = info.getPrivateKeyAlgorithm().getAlgorithm();
        ASN1Encodable params = info.getPrivateKeyAlgorithm().getParameters();
        if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return EcdsaKey.fromPrivate(params == null ? null : params.toASN1Primitive(),
                    ECPrivateKey.getInstance(info.parsePrivateKey()));
        }
        if (alg.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return RsaKey.fromPrivate(RSAPrivateKey.getInstance(info.parsePrivateKey()));
        }
        if (alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
            byte[] stored = info.getPublicKeyData() == null ? null : info.getPublicKeyData().getOctets();
            return Ed25519Key.fromPrivate(ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets(), stored);
        }
        if (alg.equals(EdECObjectIdentifiers.id_X25519)) {
            return X25519Key.fromPrivate(ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets());
        }
        throw unsupported(alg);
    }

    private static KeyMaterial fromSpki(SubjectPublicKeyInfo spki) throws IOException {
        ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
        ASN1Encodable params = spki.getAlgorithm().getParameters();
        byte[] bits = spki.getPublicKeyData().getOctets();
        if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return EcdsaKey.fromPublic(params == null ? null : params.toASN1Primitive(), bits);
        }
        if (alg.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return RsaKey.fromPublic(RSAPublicKey.getInstance(spki.parsePublicKey()));
        }
        if (alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return Ed25519Key.fromPublic(bits);
        }
        if (alg.equals(EdECObjectIdentifiers.id_X25519)) {
            return X25519Key.fromPublic(bits);
        }
        throw unsupported(alg);
    }

    /** The DER of a traditional block, decrypted first if its headers say so. */
    private static byte[] legacyDecrypt(Pem.Block block, char[] password, String source) {
        Map<String, String> headers = block.headers();
        String procType = headers.get("Proc-Type");
        if (procType == null || !procType.replace(" ", "").equals("4,ENCRYPTED")) {
            return block.der();
        }
        String dekInfo = headers.get("DEK-Info");
        if (dekInfo == null) {
            throw Pem.notPem(source, "encrypted " + block.label() + " block without DEK-Info");
        }
        return KeyEncryption.decryptLegacy(block.der(), dekInfo, password, source);
    }

    private static ASN1Primitive asn1(byte[] der) throws IOException {
        return ASN1Primitive.fromByteArray(der);
    }

    private static KeyException unsupported(ASN1ObjectIdentifier alg) {
        String name = switch (alg.getId()) {
            case "1.2.840.10040.4.1" -> "DSA";
            case "1.3.101.113" -> "Ed448";
            case "1.3.101.111" -> "X448";
            case "1.2.840.113549.1.1.10" -> "RSASSA-PSS (an RSA key restricted to PSS; use a plain rsaEncryption key)";
            case "1.2.840.10046.2.1" -> "DH";
            default -> "algorithm " + alg.getId();
        };
        return unsupported(name);
    }

    private static KeyException unsupported(String what) {
        return new KeyException("unsupported key: " + what);
    }
}
