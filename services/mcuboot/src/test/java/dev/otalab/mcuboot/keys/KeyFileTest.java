package dev.otalab.mcuboot.keys;

import static dev.otalab.mcuboot.keys.KeyTestFiles.keyFile;
import static dev.otalab.mcuboot.keys.KeyTestFiles.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.mcuboot.McubootException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Generating keys, writing and reading key files, and the errors bad files give. */
class KeyFileTest {

    private static final char[] PASSWORD = "correct horse".toCharArray();

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void generateWriteRead(KeyType type) {
        McubootKey k = McubootKey.generate(type);
        assertThat(k.type()).isEqualTo(type);
        assertThat(k.hasPrivateKey()).isTrue();

        String plain = k.privatePem(null);
        String encrypted = k.privatePem(PASSWORD);
        String pub = k.publicPem();

        assertThat(plain).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(encrypted).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
                .endsWith("-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThat(pub).startsWith("-----BEGIN PUBLIC KEY-----\n");
        for (McubootKey back : new McubootKey[] {McubootKey.parse(plain, null), McubootKey.parse(encrypted, PASSWORD)}) {
            assertThat(back.type()).isEqualTo(type);
            assertThat(back.hasPrivateKey()).isTrue();
            assertThat(back.publicKeyBytes()).isEqualTo(k.publicKeyBytes());
            assertThat(back.privatePem(null)).isEqualTo(plain);
        }
        McubootKey publicOnly = McubootKey.parse(pub, null);
        assertThat(publicOnly.hasPrivateKey()).isFalse();
        assertThat(publicOnly.publicKeyBytes()).isEqualTo(k.publicKeyBytes());
        assertThat(k.publicOnly().publicPem()).isEqualTo(pub);
        if (type.canSign()) {
            byte[] image = new byte[1000];
            byte[] sig = k.signImage(image, 0, image.length, null, false);
            assertThat(publicOnly.verifyImage(sig, image, 0, image.length, null, false)).isTrue();
        }
    }

    @Test
    void generatedKeysDiffer() {
        assertThat(McubootKey.generate(KeyType.ED25519).publicKeyBytes())
                .isNotEqualTo(McubootKey.generate(KeyType.ED25519).publicKeyBytes());
    }

    /** What imgtool keygen -p writes (OpenSSL 3): PBES2, PBKDF2 with HMAC-SHA256, AES-256-CBC. */
    @Test
    void encryptedKeysUseImgtoolsScheme() {
        String pem = KeyTestFiles.key("ecdsa-p256.pem").privatePem(PASSWORD);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));

        EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.getInstance(der);
        assertThat(info.getEncryptionAlgorithm().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBES2);
        PBES2Parameters pbes2 = PBES2Parameters.getInstance(info.getEncryptionAlgorithm().getParameters());
        assertThat(pbes2.getKeyDerivationFunc().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBKDF2);
        PBKDF2Params kdf = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
        assertThat(kdf.getPrf().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_hmacWithSHA256);
        assertThat(kdf.getIterationCount().intValue()).isEqualTo(2048);
        assertThat(kdf.getKeyLength()).isNull();
        assertThat(pbes2.getEncryptionScheme().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);
        assertThat(McubootKey.parse(pem, PASSWORD).privatePem(PASSWORD)).as("fresh salt and IV").isNotEqualTo(pem);
    }

    @Test
    void readsKeysImgtoolAndOpenSslEncrypted() {
        char[] secret = "secret".toCharArray();
        assertThat(McubootKey.read(keyFile("ecdsa-p256.imgtool-enc.pem"), secret).type()).isEqualTo(KeyType.ECDSA_P256);
        assertThat(McubootKey.read(keyFile("ed25519.imgtool-enc.pem"), secret).type()).isEqualTo(KeyType.ED25519);
        assertThat(McubootKey.read(keyFile("ecdsa-p256.trad-enc.pem"), secret).privatePem(null))
                .isEqualTo(text(keyFile("ecdsa-p256.pem")));
    }

    @ParameterizedTest
    @CsvSource({"ecdsa-p256.imgtool-enc.pem", "ecdsa-p256.trad-enc.pem"})
    void passwords(String file) {
        Path path = keyFile(file);
        assertThatThrownBy(() -> McubootKey.read(path, "wrong".toCharArray()))
                .isInstanceOf(KeyException.class).hasMessage("wrong password for " + path);
        assertThatThrownBy(() -> McubootKey.read(path, null))
                .isInstanceOf(KeyException.class).hasMessage(path + " is encrypted; a password is needed");
        assertThat(McubootKey.read(keyFile("ecdsa-p256.pem"), "ignored".toCharArray()).hasPrivateKey()).isTrue();
    }

    @Test
    void unknownLegacyEncryption() {
        String pem = text(keyFile("ecdsa-p256.trad-enc.pem")).replace("AES-256-CBC", "FOO-256-CBC");
        assertThatThrownBy(() -> McubootKey.parse(pem, "secret".toCharArray())).isInstanceOf(KeyException.class)
                .hasMessage("unsupported key encryption in PEM text: FOO-256-CBC");
    }

    @Test
    void anEmptyPasswordIsRefusedWhenWriting() {
        McubootKey k = KeyTestFiles.key("ed25519.pem");
        assertThatThrownBy(() -> k.privatePem(new char[0])).isInstanceOf(KeyException.class)
                .hasMessage("the password must not be empty");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rsa-1024.pem       | unsupported key: RSA 1024",
        "ec-secp521r1.pem   | unsupported key: EC secp521r1",
        "ec-secp256k1.pem   | unsupported key: EC secp256k1",
        "dsa-1024.pem       | unsupported key: DSA",
        "ed448.pem          | unsupported key: Ed448",
        "ec-explicit.pem    | unsupported key: EC with explicit curve parameters (use a named curve)",
    })
    void unsupportedKeys(String file, String message) {
        assertThatThrownBy(() -> McubootKey.read(keyFile(file), null)).isInstanceOf(KeyException.class).hasMessage(message);
    }

    @Test
    void badFiles() {
        String good = text(keyFile("ecdsa-p256.pem"));
        assertNotPem("", "not a PEM key file: PEM text");
        assertNotPem("hello\nworld\n", "not a PEM key file: PEM text");
        assertNotPem(good.substring(0, good.length() / 2), "not a PEM key file: PEM text (no END line for PRIVATE KEY)");
        assertNotPem(good.replace("END PRIVATE", "END PUBLIC"),
                "not a PEM key file: PEM text (BEGIN PRIVATE KEY ends with END PUBLIC KEY)");
        assertNotPem(good.replace("M", "*"), "not a PEM key file: PEM text (bad base64 in PRIVATE KEY block)");
        assertNotPem("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n",
                "not a PEM key file: PEM text (empty PRIVATE KEY block)");
        assertNotPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                "not a PEM key file: PEM text (malformed PRIVATE KEY block)");
        assertNotPem(good.replace("PRIVATE KEY", "CERTIFICATE"), "not a PEM key file: PEM text (no key block; found CERTIFICATE)");
        // a truncated body: whole base64 lines missing
        String[] lines = good.split("\n");
        assertNotPem(lines[0] + "\n" + lines[1] + "\n" + lines[lines.length - 1] + "\n",
                "not a PEM key file: PEM text (malformed PRIVATE KEY block)");
    }

    @Test
    void aKeyWhosePublicHalfWasTamperedWithIsRefused() {
        McubootKey a = KeyTestFiles.key("ed25519.pem");
        String p256 = text(keyFile("ecdsa-p256.pem"));
        // last base64 characters of the P-256 PKCS#8 are inside the public point
        int i = p256.indexOf("\n-----END") - 3;
        String tampered = p256.substring(0, i) + (p256.charAt(i) == 'A' ? 'B' : 'A') + p256.substring(i + 1);
        assertThatThrownBy(() -> McubootKey.parse(tampered, null)).isInstanceOf(KeyException.class)
                .hasMessageStartingWith("damaged key:");
        assertThat(a.hasPrivateKey()).isTrue();
    }

    @Test
    void missingFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> McubootKey.read(missing, null)).isInstanceOf(KeyException.class)
                .isInstanceOf(McubootException.class).hasMessage("cannot read key file " + missing + ": no such file");
    }

    @Test
    void writePrivatePemIsOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("k.pem");
        McubootKey k = McubootKey.generate(KeyType.ECDSA_P256);
        k.writePrivatePem(file, PASSWORD);

        assertThat(McubootKey.read(file, PASSWORD).publicKeyBytes()).isEqualTo(k.publicKeyBytes());
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void publicKeysCannotBeWrittenAsPrivate() {
        McubootKey pub = KeyTestFiles.key("rsa-2048.pub.pem");
        assertThatThrownBy(() -> pub.privatePem(null)).isInstanceOf(KeyException.class)
                .hasMessage("writing a private key needs a private key; " + keyFile("rsa-2048.pub.pem") + " holds only a public key");
        assertThat(pub.toString()).isEqualTo("rsa-2048 public key (" + keyFile("rsa-2048.pub.pem") + ")");
    }

    private static void assertNotPem(String text, String message) {
        assertThatThrownBy(() -> McubootKey.parse(text, null)).isInstanceOf(KeyException.class).hasMessage(message);
    }
}
