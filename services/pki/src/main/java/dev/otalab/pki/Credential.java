package dev.otalab.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** A certificate and its private key: a CA, a broker's server identity or a client identity. */
public record Credential(X509Certificate certificate, PrivateKey privateKey) {

    public Credential {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** Reads a certificate and key pair of PEM files and checks that the key belongs to the certificate. */
    public static Credential read(Path certificateFile, Path keyFile) throws IOException {
        Credential credential = new Credential(Pem.readCertificate(certificateFile), Pem.readPrivateKey(keyFile));
        if (!credential.keyMatchesCertificate()) {
            throw new IllegalArgumentException(keyFile + " is not the private key of " + certificateFile);
        }
        return credential;
    }

    /** Writes the certificate (0644) and the key (0600) as PEM. */
    public void write(Path certificateFile, Path keyFile) throws IOException {
        PemFiles.writePrivate(keyFile, privateKeyPem());
        PemFiles.writePublic(certificateFile, certificatePem());
    }

    public String certificatePem() {
        return Pem.encode(certificate);
    }

    public String privateKeyPem() {
        return Pem.encode(privateKey);
    }

    /** The subject's CN: what Mosquitto's {@code use_identity_as_username} makes the MQTT username. */
    public String commonName() {
        return commonName(certificate);
    }

    public KeyType keyType() {
        return KeyType.of(certificate.getPublicKey());
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    static String commonName(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] cns = subject.getRDNs(BCStyle.CN);
        return cns.length == 0 ? "" : IETFUtils.valueToString(cns[0].getFirst().getValue());
    }

    /** True if the private key signs what the certificate's public key verifies. */
    public boolean keyMatchesCertificate() {
        try {
            KeyType type = KeyType.of(certificate.getPublicKey());
            byte[] probe = "otalab key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(type.signatureAlgorithm(), Crypto.PROVIDER);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(type.signatureAlgorithm(), Crypto.PROVIDER);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "Credential[" + certificate.getSubjectX500Principal() + "]"; // never the key
    }
}
