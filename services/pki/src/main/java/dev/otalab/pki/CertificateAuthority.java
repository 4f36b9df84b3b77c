package dev.otalab.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The lab's certificate authority: a self-signed root that issues the broker's server certificate
 * and the client certificates of devices and services. Every certificate is X.509 v3, signed with
 * SHA-256 by the CA key, with a random 159-bit serial and a validity starting an hour in the past
 * (tolerates clock skew between the lab machines).
 *
 * <pre>{@code
 * CertificateAuthority ca = CertificateAuthority.create("otalab CA", KeyType.EC_P256, CertificateAuthority.DEFAULT_CA_VALIDITY);
 * Credential server = ca.issueServer(ServerNames.of(List.of("192.168.1.10"), List.of("mqtt.lab")), KeyType.EC_P256, Duration.ofDays(365));
 * Credential device = ca.issueClient("APP_CY8CPROTO_062S2_43439", KeyType.EC_P256, Duration.ofDays(365));
 * }</pre>
 */
public final class CertificateAuthority {

    /** A lab root lives long: devices carry it compiled into their firmware. */
    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
    /** Default lifetime of server and client certificates. */
    public static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofDays(365);
    public static final String ORGANIZATION = "otalab";

    /**
     * Client CNs become MQTT user names (Mosquitto {@code use_identity_as_username}) that ACL patterns
     * put into topics with {@code %u}, and file names for {@code ./otalab certs}: no {@code / + #},
     * spaces or other surprises. Board strings such as {@code APP_CY8CPROTO_062S2_43439} fit.
     */
    private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Credential credential;

    private CertificateAuthority(Credential credential) {
        this.credential = credential;
    }

    /** A new self-signed CA (basicConstraints CA, path length 0; keyCertSign and cRLSign). */
    public static CertificateAuthority create(String commonName, KeyType keyType, Duration validity) {
        requireText(commonName, "CA common name");
        KeyPair keys = keyType.generate();
        X500Name subject = name(commonName);
        Instant notBefore = now().minus(BACKDATE);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(notBefore), Date.from(notAfter(notBefore, validity)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(new Credential(sign(builder, keys, keyType), keys.getPrivate()));
        } catch (NoSuchAlgorithmException | CertIOException e) {
            throw new IllegalStateException("cannot build the CA certificate", e);
        }
    }

    /** An existing CA; its certificate must be a CA certificate that the key belongs to. */
    public static CertificateAuthority of(Credential credential) {
        X509Certificate certificate = credential.certificate();
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("not a CA certificate: " + certificate.getSubjectX500Principal());
        }
        if (!credential.keyMatchesCertificate()) {
            throw new IllegalArgumentException("the private key does not belong to the CA certificate");
        }
        KeyType.of(certificate.getPublicKey());
        return new CertificateAuthority(credential);
    }

    /** Reads a CA from its PEM certificate and key files. */
    public static CertificateAuthority read(Path certificateFile, Path keyFile) throws IOException {
        return of(Credential.read(certificateFile, keyFile));
    }

    public Credential credential() {
        return credential;
    }

    public X509Certificate certificate() {
        return credential.certificate();
    }

    /** The CA certificate as PEM: the broker's {@code cafile} and the devices' {@code ROOT_CA_CERTIFICATE}. */
    public String certificatePem() {
        return credential.certificatePem();
    }

    /**
     * A broker (TLS server) certificate: serverAuth, with an IP SAN for every address and a DNS SAN for
     * every name; CN = the first DNS name, else the first address.
     */
    public Credential issueServer(ServerNames names, KeyType keyType, Duration validity) {
        List<GeneralName> sans = new ArrayList<>();
        for (String dns : names.dnsNames()) {
            sans.add(new GeneralName(GeneralName.dNSName, dns));
        }
        for (InetAddress ip : names.ips()) {
            sans.add(new GeneralName(GeneralName.iPAddress, ip.getHostAddress()));
        }
        return issue(names.commonName(), keyType, validity, KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(sans.toArray(GeneralName[]::new)));
    }

    /**
     * A client certificate for mutual TLS: clientAuth, CN = {@code commonName} (a device's board string
     * such as {@code APP_CY8CPROTO_062S2_43439}, or a service name such as {@code otalab-service}).
     */
    public Credential issueClient(String commonName, KeyType keyType, Duration validity) {
        checkClientName(commonName);
        return issue(commonName, keyType, validity, KeyPurposeId.id_kp_clientAuth, null);
    }

    /** Throws if the name is not usable as a client CN (see the class notes); returns it. */
    public static String checkClientName(String commonName) {
        if (commonName == null || !CLIENT_NAME.matcher(commonName).matches()) {
            throw new IllegalArgumentException("bad client name '" + commonName
                    + "': use 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        return commonName;
    }

    private Credential issue(String commonName, KeyType keyType, Duration validity, KeyPurposeId purpose,
            GeneralNames sans) {
        Objects.requireNonNull(keyType, "keyType");
        KeyPair keys = keyType.generate();
        X509Certificate caCert = credential.certificate();
        Instant notBefore = now().minus(BACKDATE);
        Instant notAfter = notAfter(notBefore, validity);
        if (notAfter.isAfter(caCert.getNotAfter().toInstant())) {
            throw new IllegalArgumentException("a certificate valid until " + notAfter.truncatedTo(ChronoUnit.SECONDS)
                    + " would outlive its CA (valid until " + caCert.getNotAfter().toInstant() + ")");
        }
        int usage = KeyUsage.digitalSignature | (keyType == KeyType.RSA_2048 ? KeyUsage.keyEncipherment : 0);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCert, serial(),
                    Date.from(notBefore), Date.from(notAfter), name(commonName), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(caCert));
            if (sans != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            KeyPair issuer = new KeyPair(caCert.getPublicKey(), credential.privateKey());
            return new Credential(sign(builder, issuer, KeyType.of(caCert.getPublicKey())), keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build the certificate for " + commonName, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer, KeyType issuerType) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(issuerType.signatureAlgorithm())
                    .setProvider(Crypto.PROVIDER).build(issuer.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().setProvider(Crypto.PROVIDER)
                    .getCertificate(builder.build(signer));
            certificate.verify(issuer.getPublic(), Crypto.PROVIDER);
            return certificate;
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the certificate", e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static BigInteger serial() {
        return new BigInteger(159, RANDOM).setBit(158); // positive, fixed length, never zero
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static Instant notAfter(Instant notBefore, Duration validity) {
        if (validity == null || validity.compareTo(Duration.ofDays(1)) < 0 || validity.toDays() > 36_500) {
            throw new IllegalArgumentException("validity must be between 1 and 36500 days: " + validity);
        }
        return notBefore.plus(BACKDATE).plus(validity);
    }

    private static void requireText(String text, String what) {
        if (text == null || text.isBlank() || text.length() > 64) {
            throw new IllegalArgumentException(what + " must be 1 to 64 characters");
        }
    }

    /** The CA's public key, for callers that verify chains themselves. */
    public PublicKey publicKey() {
        return certificate().getPublicKey();
    }
}
