package dev.otalab.mcuboot.keys;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Password protection of private keys. Writes what {@code imgtool keygen -p} writes (through
 * OpenSSL 3): encrypted PKCS#8 with PBES2, PBKDF2-HMAC-SHA256 (2048 iterations) and AES-256-CBC.
 * Reads whatever OpenSSL writes, through a private Bouncy Castle provider instance that is never
 * registered with the JCA.
 */
final class KeyEncryption {

    private static final int ITERATIONS = 2048;
    private static final int SALT_LENGTH = 16;

    private KeyEncryption() {
    }

    static byte[] encryptPkcs8(byte[] pkcs8, char[] password) {
        if (password.length == 0) {
            throw new KeyException("the password must not be empty");
        }
        byte[] salt = new byte[SALT_LENGTH];
        byte[] iv = new byte[16];
        KeyMaterial.RANDOM.nextBytes(salt);
        KeyMaterial.RANDOM.nextBytes(iv);
        byte[] encrypted;
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, ITERATIONS, 256);
            byte[] aesKey = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            spec.clearPassword();
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(iv));
            encrypted = cipher.doFinal(pkcs8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2/AES missing from the JDK", e);
        }
        PBES2Parameters pbes2 = new PBES2Parameters(
                new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(salt, ITERATIONS,
                        new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))),
                new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(iv)));
        return KeyMaterial.der(new EncryptedPrivateKeyInfo(
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, pbes2), encrypted));
    }

    static PrivateKeyInfo decryptPkcs8(byte[] der, char[] password, String source) {
        PKCS8EncryptedPrivateKeyInfo info = new PKCS8EncryptedPrivateKeyInfo(EncryptedPrivateKeyInfo.getInstance(der));
        requirePassword(password, source);
        try {
            return info.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(Bc.PROVIDER).build(password));
        } catch (OperatorCreationException e) {
            throw new KeyException("unsupported key encryption in " + source + ": "
                    + info.getEncryptionAlgorithm().getAlgorithm().getId());
        } catch (Exception e) {
            // a wrong password shows as bad padding or, rarely, as garbage that is no PrivateKeyInfo
            throw wrongPassword(source);
        }
    }

    /** OpenSSL's traditional encryption: {@code DEK-Info: AES-256-CBC,<iv hex>}. */
    static byte[] decryptLegacy(byte[] der, String dekInfo, char[] password, String source) {
        requirePassword(password, source);
        int comma = dekInfo.indexOf(',');
        if (comma < 0) {
            throw Pem.notPem(source, "bad DEK-Info");
        }
        String algorithm = dekInfo.substring(0, comma).strip();
        byte[] iv;
        try {
            iv = HexFormat.of().parseHex(dekInfo.substring(comma + 1).strip());
        } catch (IllegalArgumentException e) {
            throw Pem.notPem(source, "bad DEK-Info");
        }
        try {
            return new JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(password)
                    .get(algorithm).decrypt(der, iv);
        } catch (Exception e) {
            if (String.valueOf(e.getMessage()).startsWith("unknown encryption")) {
                throw new KeyException("unsupported key encryption in " + source + ": " + algorithm);
            }
            throw wrongPassword(source);
        }
    }

    private static void requirePassword(char[] password, String source) {
        if (password == null) {
            throw new KeyException(source + " is encrypted; a password is needed");
        }
    }

    private static KeyException wrongPassword(String source) {
        return new KeyException("wrong password for " + source);
    }

    /** Created on first use: building the provider takes a while and most keys are not encrypted. */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
