package dev.otalab.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;

/**
 * Key types for lab certificates. Both are handled by the devices' mbedTLS and by Mosquitto's OpenSSL;
 * EC P-256 is the default (smaller certificates in device flash, faster handshakes on a Cortex-M4).
 */
public enum KeyType {
    EC_P256("EC P-256", "SHA256withECDSA"),
    RSA_2048("RSA-2048", "SHA256withRSA");

    private final String description;
    private final String signatureAlgorithm;

    KeyType(String description, String signatureAlgorithm) {
        this.description = description;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** A fresh key pair of this type. */
    public KeyPair generate() {
        try {
            KeyPairGenerator generator;
            if (this == EC_P256) {
                generator = KeyPairGenerator.getInstance("EC", Crypto.PROVIDER);
                generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            } else {
                generator = KeyPairGenerator.getInstance("RSA", Crypto.PROVIDER);
                generator.initialize(2048, new SecureRandom());
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + description + " key", e);
        }
    }

    /** The type of an existing public key, e.g. a CA read from disk. */
    public static KeyType of(PublicKey key) {
        if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256) {
            return EC_P256;
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() == 2048) {
            return RSA_2048;
        }
        throw new IllegalArgumentException("unsupported key (want EC P-256 or RSA-2048): " + key.getAlgorithm());
    }

    /** "EC P-256" or "RSA-2048". */
    public String description() {
        return description;
    }

    /** The JCA name of the signature a key of this type makes when it issues a certificate. */
    String signatureAlgorithm() {
        return signatureAlgorithm;
    }
}
