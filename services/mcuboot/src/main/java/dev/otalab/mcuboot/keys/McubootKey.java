package dev.otalab.mcuboot.keys;

import dev.otalab.mcuboot.image.ImageHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Objects;

/**
 * A signing (or encryption) key as imgtool handles it: read from and written to PEM files,
 * exported as the public-key bytes MCUboot embeds, and used to sign and verify images.
 * Immutable and thread-safe. Every failure caused by input is a {@link KeyException}.
 */
public final class McubootKey {

    private static final long MAX_FILE_SIZE = 1 << 20;

    private final KeyMaterial key;
    private final String source;
    private final byte[] publicKeyBytes;

    private McubootKey(KeyMaterial key, String source) {
        this.key = key;
        this.source = source;
        this.publicKeyBytes = key.publicKeyBytes();
    }

    /** A new random key, as {@code imgtool keygen -t <type>} makes (RSA with e = 65537). */
    public static McubootKey generate(KeyType type) {
        KeyPairGenerator generator;
        try {
            switch (type) {
                case ECDSA_P256, ECDSA_P384 -> {
                    generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec(type == KeyType.ECDSA_P256 ? "secp256r1" : "secp384r1"),
                            KeyMaterial.RANDOM);
                }
                case RSA_2048, RSA_3072 -> {
                    generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(new RSAKeyGenParameterSpec(type == KeyType.RSA_2048 ? 2048 : 3072,
                            RSAKeyGenParameterSpec.F4), KeyMaterial.RANDOM);
                }
                case ED25519 -> generator = KeyPairGenerator.getInstance("Ed25519");
                case X25519 -> generator = KeyPairGenerator.getInstance("X25519");
                default -> throw new IllegalArgumentException(type.name());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + type.cliName() + " keys", e);
        }
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
        return new McubootKey(KeyReader.fromPkcs8(pkcs8), "generated " + type.cliName() + " key");
    }

    /**
     * Reads a PEM key file: a private key (PKCS#8, encrypted PKCS#8, {@code EC PRIVATE KEY},
     * {@code RSA PRIVATE KEY}) or a public key ({@code PUBLIC KEY}, {@code RSA PUBLIC KEY}).
     * {@code password} is needed only for an encrypted key; it is ignored otherwise.
     */
    public static McubootKey read(Path file, char[] password) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_SIZE) {
                throw Pem.notPem(file.toString(), "larger than 1 MiB");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KeyException("cannot read key file " + file + ": no such file");
        } catch (IOException e) {
            throw new KeyException("cannot read key file " + file + ": " + e.getMessage());
        }
        return parse(new String(bytes, StandardCharsets.ISO_8859_1), password, file.toString());
    }

    /** Like {@link #read} for PEM text; messages call it "PEM text". */
    public static McubootKey parse(String pem, char[] password) {
        return parse(pem, password, "PEM text");
    }

    /** Like {@link #read} for PEM text; {@code source} names it in messages. */
    public static McubootKey parse(String pem, char[] password, String source) {
        return new McubootKey(KeyReader.read(pem, password, source), source);
    }

    public KeyType type() {
        return key.type();
    }

    public boolean hasPrivateKey() {
        return key.hasPrivate();
    }

    /** Where the key came from (file name, "PEM text", "generated … key"), for messages. */
    public String source() {
        return source;
    }

    /** This key without its private part. */
    public McubootKey publicOnly() {
        return hasPrivateKey() ? new McubootKey(KeyReader.fromSpki(key.spki()), source) : this;
    }

    /**
     * The public-key bytes MCUboot embeds and the PUBKEY TLV carries: SubjectPublicKeyInfo DER for
     * EC, Ed25519 and X25519 keys, PKCS#1 RSAPublicKey DER for RSA keys.
     */
    public byte[] publicKeyBytes() {
        return publicKeyBytes.clone();
    }

    /** The KEYHASH TLV payload: {@link #publicKeyBytes()} hashed with the image hash. */
    public byte[] publicKeyHash(ImageHash hash) {
        return hash.digest(publicKeyBytes);
    }

    /**
     * The private key as {@code imgtool keygen} writes it: PKCS#8 PEM ({@code BEGIN PRIVATE KEY}),
     * or with a password encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}; PBES2,
     * PBKDF2-HMAC-SHA256, AES-256-CBC). Readable by imgtool and OpenSSL.
     */
    public String privatePem(char[] password) {
        requirePrivate("writing a private key");
        byte[] pkcs8 = key.pkcs8();
        return password == null ? Pem.encode("PRIVATE KEY", pkcs8)
                : Pem.encode("ENCRYPTED PRIVATE KEY", KeyEncryption.encryptPkcs8(pkcs8, password));
    }

    /** Writes {@link #privatePem} to {@code file}, readable by its owner only where the file system allows. */
    public void writePrivatePem(Path file, char[] password) {
        String pem = privatePem(password);
        try {
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (posix && !Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyException("cannot write key file " + file + ": " + e.getMessage());
        }
    }

    /** SubjectPublicKeyInfo PEM ({@code BEGIN PUBLIC KEY}), for RSA too, as {@code imgtool getpub -e pem}. */
    public String publicPem() {
        return Pem.encode("PUBLIC KEY", key.spki());
    }

    /**
     * Signs an image as imgtool does (spec §8). {@code buf[off, off+len)} is the hashed region
     * (header up to the end of the protected TLVs), {@code digest} its image hash as stored in the
     * hash TLV, or null to have it computed. ECDSA, RSA and non-pure Ed25519 sign the digest (for
     * ECDSA and RSA that is the same as signing the region with SHA-256/SHA-384); a pure Ed25519
     * signature covers the region itself. Nothing is copied. ECDSA signatures are DER, without
     * {@code --pad-sig} padding, and deterministic (RFC 6979); RSA-PSS signatures are randomised.
     */
    public byte[] signImage(byte[] buf, int off, int len, byte[] digest, boolean pure) {
        Objects.checkFromIndexSize(off, len, buf.length);
        requireSigningType();
        requirePrivate("signing");
        if (pure && type() != KeyType.ED25519) {
            throw new KeyException("pure signatures need an ed25519 key, not " + type().cliName());
        }
        return key.sign(buf, off, len, digest, pure);
    }

    /**
     * Checks a signature TLV payload against the hashed region, with the same arguments as
     * {@link #signImage}. False for a wrong or malformed signature; an ECDSA signature may carry
     * {@code --pad-sig} zeros after its DER. A pure signature can only be Ed25519.
     */
    public boolean verifyImage(byte[] sig, byte[] buf, int off, int len, byte[] digest, boolean pure) {
        Objects.checkFromIndexSize(off, len, buf.length);
        requireSigningType();
        if (pure && type() != KeyType.ED25519) {
            return false;
        }
        return key.verify(sig, buf, off, len, digest, pure);
    }

    /** The private key in the form {@code imgtool getpriv} dumps. */
    byte[] privateBytes(KeyExport.PrivateFormat format, boolean minimal) {
        requirePrivate("getpriv");
        return key.privateBytes(format, minimal);
    }

    @Override
    public String toString() {
        return type().cliName() + (hasPrivateKey() ? " private key (" : " public key (") + source + ")";
    }

    private void requireSigningType() {
        if (!type().canSign()) {
            throw new KeyException(type().cliName() + " keys cannot sign (encryption only): " + source);
        }
    }

    private void requirePrivate(String what) {
        if (!hasPrivateKey()) {
            throw new KeyException(what + " needs a private key; " + source + " holds only a public key");
        }
    }
}
