package dev.otalab.pki;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM text for certificates and private keys. Writing always uses {@code \n} line ends and 64-column
 * base64, certificates as {@code CERTIFICATE} and keys as unencrypted PKCS#8 {@code PRIVATE KEY}
 * (read by mbedTLS, OpenSSL/Mosquitto, Vert.x and the JDK). Reading also accepts the traditional
 * {@code EC PRIVATE KEY} (SEC1) and {@code RSA PRIVATE KEY} (PKCS#1) forms; encrypted keys are refused.
 */
public final class Pem {

    private Pem() {
    }

    public static String encode(X509Certificate certificate) {
        try {
            return armor("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode certificate", e);
        }
    }

    /** Unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}). */
    public static String encode(PrivateKey key) {
        byte[] der = key.getEncoded();
        if (der == null || !"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("key cannot be exported as PKCS#8: " + key.getAlgorithm());
        }
        return armor("PRIVATE KEY", der);
    }

    static String armor(String label, byte[] der) {
        String base64 = Base64.getEncoder().encodeToString(der);
        StringBuilder out = new StringBuilder(base64.length() + base64.length() / 64 + 64);
        out.append("-----BEGIN ").append(label).append("-----\n");
        for (int i = 0; i < base64.length(); i += 64) {
            out.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
        }
        return out.append("-----END ").append(label).append("-----\n").toString();
    }

    /** Every certificate in the text, in order (a chain or a bundle). */
    public static List<X509Certificate> readCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(Crypto.PROVIDER);
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("malformed PEM certificate: " + e.getMessage(), e);
        }
        return certificates;
    }

    /** The first certificate in the text. */
    public static X509Certificate readCertificate(String pem) {
        List<X509Certificate> certificates = readCertificates(pem);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate (-----BEGIN CERTIFICATE-----) found");
        }
        return certificates.get(0);
    }

    public static X509Certificate readCertificate(Path file) throws IOException {
        return readCertificate(read(file));
    }

    /** The first private key in the text: PKCS#8, SEC1 or PKCS#1, unencrypted. */
    public static PrivateKey readPrivateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(Crypto.PROVIDER);
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IllegalArgumentException("encrypted private keys are not supported");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getCause() == null) {
                throw iae;
            }
            throw new IllegalArgumentException("malformed PEM private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no PEM private key (-----BEGIN PRIVATE KEY-----) found");
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return readPrivateKey(read(file));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }
}
