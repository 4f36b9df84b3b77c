package dev.otalab.mcuboot.keys;

import static dev.otalab.mcuboot.keys.KeyTestFiles.bytes;
import static dev.otalab.mcuboot.keys.KeyTestFiles.key;
import static dev.otalab.mcuboot.keys.KeyTestFiles.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.mcuboot.keys.KeyExport.Encoding;
import dev.otalab.mcuboot.keys.KeyExport.PrivateFormat;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** getpub, getpubhash and getpriv output against what imgtool 2.4.0 printed (resources/getpub/). */
class KeyExportTest {

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa-p256", "ecdsa-p256.pub", "ecdsa-p384", "rsa-2048", "rsa-3072", "x25519"})
    void getpubAndGetpubhashAreImgtools(String name) {
        McubootKey k = key(name + ".pem");

        assertThat(string(KeyExport.getpub(k, null, null))).isEqualTo(expected(name + ".getpub-c.txt"));
        assertThat(string(KeyExport.getpub(k, Encoding.LANG_C, ""))).isEqualTo(expected(name + ".getpub-c.txt"));
        assertThat(string(KeyExport.getpub(k, Encoding.LANG_RUST, null))).isEqualTo(expected(name + ".getpub-rust.txt"));
        assertThat(string(KeyExport.getpub(k, Encoding.PEM, null))).isEqualTo(expected(name + ".getpub-pem.txt"));
        assertThat(KeyExport.getpub(k, Encoding.RAW, null)).isEqualTo(bytes(resource("getpub/" + name + ".getpub-raw.bin")));
        assertThat(string(KeyExport.getpubhash(k, null, null))).isEqualTo(expected(name + ".getpubhash-c.txt"));
        assertThat(KeyExport.getpubhash(k, Encoding.RAW, null))
                .isEqualTo(bytes(resource("getpub/" + name + ".getpubhash-raw.bin")));
    }

    @Test
    void nameSuffix() {
        McubootKey k = key("ecdsa-p256.pem");
        assertThat(string(KeyExport.getpub(k, Encoding.LANG_C, "_2"))).isEqualTo(expected("ecdsa-p256.getpub-c-suffix_2.txt"));
        assertThat(string(KeyExport.getpub(k, Encoding.LANG_RUST, "_2")))
                .isEqualTo(expected("ecdsa-p256.getpub-rust-suffix_2.txt"));
        assertThat(string(KeyExport.getpubhash(k, Encoding.LANG_C, "_2")))
                .isEqualTo(expected("ecdsa-p256.getpubhash-c-suffix_2.txt"));

        assertThatThrownBy(() -> KeyExport.getpub(k, Encoding.PEM, "_2")).isInstanceOf(KeyException.class)
                .hasMessage("--name-suffix is only meaningful for lang-c / lang-rust encodings");
        assertThatThrownBy(() -> KeyExport.getpub(k, Encoding.LANG_C, "a-b")).isInstanceOf(KeyException.class)
                .hasMessage("name suffix 'a-b' must contain only [A-Za-z0-9_]");
        assertThatThrownBy(() -> KeyExport.getpubhash(k, Encoding.RAW, "_2")).isInstanceOf(KeyException.class);
        assertThatThrownBy(() -> KeyExport.getpubhash(k, Encoding.PEM, null)).isInstanceOf(KeyException.class)
                .hasMessage("getpubhash encodings are lang-c and raw, not pem");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ecdsa-p256 |         | false | ecdsa-p256.getpriv.txt",
        "ecdsa-p256 | pkcs8   | false | ecdsa-p256.getpriv.txt",
        "ecdsa-p256 | openssl | false | ecdsa-p256.getpriv-openssl.txt",
        "ecdsa-p256 |         | true  | ecdsa-p256.getpriv-minimal.txt",
        "ecdsa-p256 | openssl | true  | ecdsa-p256.getpriv-minimal-openssl.txt",
        "ecdsa-p384 |         | false | ecdsa-p384.getpriv.txt",
        "ecdsa-p384 | openssl | false | ecdsa-p384.getpriv-openssl.txt",
        "rsa-2048   |         | false | rsa-2048.getpriv.txt",
        "rsa-2048   | openssl | true  | rsa-2048.getpriv-minimal.txt",
        "rsa-3072   |         | false | rsa-3072.getpriv.txt",
        "rsa-3072   |         | true  | rsa-3072.getpriv-minimal.txt",
        "x25519     |         | false | x25519.getpriv.txt",
        "x25519     | pkcs8   | true  | x25519.getpriv.txt",
    })
    void getprivIsImgtools(String name, String format, boolean minimal, String expected) {
        PrivateFormat f = format == null ? null : PrivateFormat.byCliName(format);
        assertThat(KeyExport.getpriv(key(name + ".pem"), f, minimal)).isEqualTo(expected(expected));
    }

    @Test
    void getprivRefusesWhatImgtoolRefuses() {
        assertThatThrownBy(() -> KeyExport.getpriv(key("ed25519.pem"), null, false)).isInstanceOf(KeyException.class)
                .hasMessage("getpriv does not support ed25519 keys");
        assertThatThrownBy(() -> KeyExport.getpriv(key("rsa-2048.pem"), PrivateFormat.PKCS8, false))
                .isInstanceOf(KeyException.class).hasMessage("rsa does not support pkcs8");
        assertThatThrownBy(() -> KeyExport.getpriv(key("x25519.pem"), PrivateFormat.OPENSSL, false))
                .isInstanceOf(KeyException.class).hasMessage("x25519 does not support openssl");
        assertThatThrownBy(() -> KeyExport.getpriv(key("ecdsa-p256.pub.pem"), null, false))
                .isInstanceOf(KeyException.class).hasMessageEndingWith("holds only a public key");
        assertThatThrownBy(() -> Encoding.byCliName("c")).isInstanceOf(KeyException.class)
                .hasMessage("unknown encoding 'c'; valid: lang-c, lang-rust, pem, raw");
    }

    /** Minimal EC keys (imgtool fails on P-384 ones) hold no public key, yet read back as the same key. */
    @ParameterizedTest
    @CsvSource({"ecdsa-p256, pkcs8", "ecdsa-p384, pkcs8", "ecdsa-p384, openssl"})
    void minimalKeysAreValidKeys(String name, String format) {
        McubootKey k = key(name + ".pem");
        PrivateFormat f = PrivateFormat.byCliName(format);
        String label = f == PrivateFormat.PKCS8 ? "PRIVATE KEY" : "EC PRIVATE KEY";
        byte[] minimal = k.privateBytes(f, true);

        McubootKey back = McubootKey.parse(Pem.encode(label, minimal), null);
        assertThat(back.publicKeyBytes()).isEqualTo(k.publicKeyBytes());
        assertThat(minimal.length).isLessThan(k.privateBytes(f, false).length);
    }

    private static String expected(String file) {
        return string(bytes(resource("getpub/" + file)));
    }

    private static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
