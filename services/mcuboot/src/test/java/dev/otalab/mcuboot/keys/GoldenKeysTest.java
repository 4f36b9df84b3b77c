package dev.otalab.mcuboot.keys;

import static dev.otalab.mcuboot.keys.KeyTestFiles.key;
import static dev.otalab.mcuboot.keys.KeyTestFiles.keyFile;
import static dev.otalab.mcuboot.keys.KeyTestFiles.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The golden imgtool keys and other key files OpenSSL and imgtool write. */
class GoldenKeysTest {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @CsvSource({
        "ed25519.pem,                ED25519,    true,  44,  302a300506032b6570032100",
        "ecdsa-p256.pem,             ECDSA_P256, true,  91,  3059301306072a8648ce3d020106082a8648ce3d03010703420004",
        "ecdsa-p256.pub.pem,         ECDSA_P256, false, 91,  3059301306072a8648ce3d020106082a8648ce3d03010703420004",
        "ecdsa-p384.pem,             ECDSA_P384, true,  120, 3076301006072a8648ce3d020106052b81040022036200 04",
        "rsa-2048.pem,               RSA_2048,   true,  270, 3082010a0282010100",
        "rsa-3072.pem,               RSA_3072,   true,  398, 3082018a0282018100",
        "x25519.pem,                 X25519,     true,  44,  302a300506032b656e032100",
        "ecdsa-p256.trad.pem,        ECDSA_P256, true,  91,  3059301306072a8648ce3d020106082a8648ce3d03010703420004",
        "ecdsa-p384.trad.pem,        ECDSA_P384, true,  120, 3076301006072a8648ce3d020106052b81040022036200",
        "rsa-2048.trad.pem,          RSA_2048,   true,  270, 3082010a0282010100",
        "rsa-2048.pub.pem,           RSA_2048,   false, 270, 3082010a0282010100",
        "rsa-2048.pkcs1pub.pem,      RSA_2048,   false, 270, 3082010a0282010100",
        "ecdsa-p256.trad-enc.pem,    ECDSA_P256, true,  91,  3059301306072a8648ce3d020106082a8648ce3d03010703420004",
        "ecdsa-p256.imgtool-enc.pem, ECDSA_P256, true,  91,  3059301306072a8648ce3d020106082a8648ce3d03010703420004",
        "ed25519.imgtool-enc.pem,    ED25519,    true,  44,  302a300506032b6570032100",
        "ec-with-params.pem,         ECDSA_P256, true,  91,  3059301306072a8648ce3d020106082a8648ce3d03010703420004",
        "rsa-2048-e3.pem,            RSA_2048,   true,  268, 308201080282010100",
    })
    void loadsWithTypeAndPublicKeyBytes(String file, KeyType type, boolean priv, int length, String prefix) {
        McubootKey k = key(file);

        assertThat(k.type()).isEqualTo(type);
        assertThat(k.hasPrivateKey()).isEqualTo(priv);
        assertThat(k.publicKeyBytes()).hasSize(length);
        assertThat(HEX.formatHex(k.publicKeyBytes())).startsWith(prefix.replace(" ", ""));
        if (type.isRsa() && !file.contains("e3")) {
            assertThat(HEX.formatHex(k.publicKeyBytes())).endsWith("0203010001");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "ecdsa-p256.pub.pem,    ecdsa-p256.pem",
        "ecdsa-p256.trad.pem,   ecdsa-p256.pem",
        "ecdsa-p384.trad.pem,   ecdsa-p384.pem",
        "rsa-2048.trad.pem,     rsa-2048.pem",
        "rsa-2048.pub.pem,      rsa-2048.pem",
        "rsa-2048.pkcs1pub.pem, rsa-2048.pem",
        "ecdsa-p256.trad-enc.pem, ecdsa-p256.pem",
    })
    void otherFormsOfAKeyGiveTheSamePublicKeyBytes(String other, String golden) {
        assertThat(key(other).publicKeyBytes()).isEqualTo(key(golden).publicKeyBytes());
    }

    /** Our PKCS#8 is OpenSSL's: writing a key imgtool made gives back its file, byte for byte. */
    @ParameterizedTest
    @CsvSource({
        "ed25519.pem,         ed25519.pem",
        "ecdsa-p256.pem,      ecdsa-p256.pem",
        "ecdsa-p384.pem,      ecdsa-p384.pem",
        "rsa-2048.pem,        rsa-2048.pem",
        "rsa-3072.pem,        rsa-3072.pem",
        "x25519.pem,          x25519.pem",
        "ecdsa-p256.trad.pem, ecdsa-p256.pem",
        "rsa-2048.trad.pem,   rsa-2048.pem",
    })
    void privatePemIsWhatImgtoolKeygenWrites(String file, String expectedPkcs8File) {
        assertThat(key(file).privatePem(null)).isEqualTo(text(keyFile(expectedPkcs8File)));
    }

    @ParameterizedTest
    @CsvSource({"ecdsa-p256.pem", "ecdsa-p256.pub.pem", "rsa-2048.pem", "rsa-2048.pkcs1pub.pem"})
    void publicPemIsOpenSslsSubjectPublicKeyInfo(String file) {
        String expected = text(keyFile(file.startsWith("rsa") ? "rsa-2048.pub.pem" : "ecdsa-p256.pub.pem"));
        assertThat(key(file).publicPem()).isEqualTo(expected);
    }
}
