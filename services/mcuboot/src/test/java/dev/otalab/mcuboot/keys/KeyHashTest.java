package dev.otalab.mcuboot.keys;

import dev.otalab.mcuboot.image.ImageHash;
import static dev.otalab.mcuboot.keys.KeyTestFiles.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.mcuboot.keys.KeyTestFiles.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** KEYHASH (0x01) and PUBKEY (0x02) TLVs of the golden images against the golden keys. */
class KeyHashTest {

    private static final int KEYHASH = 0x01;
    private static final int PUBKEY = 0x02;

    @ParameterizedTest
    @CsvSource({
        "ed_plain.bin,      ed25519.pem,        SHA256",
        "ec256_confirm.bin, ecdsa-p256.pem,     SHA256",
        "ec256_confirm.bin, ecdsa-p256.pub.pem, SHA256",
        "ec384_plain.bin,   ecdsa-p384.pem,     SHA384",
        "rsa2048_plain.bin, rsa-2048.pem,       SHA256",
    })
    void keyHashTlvIsTheImageHashOfThePublicKeyBytes(String image, String keyFile, ImageHash hash) {
        byte[] keyHash = Image.of(image).tlv(KEYHASH);

        assertThat(keyHash).hasSize(hash.length());
        assertThat(key(keyFile).publicKeyHash(hash)).isEqualTo(keyHash);
        assertThat(hash.digest(key(keyFile).publicKeyBytes())).isEqualTo(keyHash);
    }

    @Test
    void pubkeyTlvIsThePublicKeyBytes() {
        assertThat(Image.of("ed_fullkey.bin").tlv(PUBKEY)).isEqualTo(key("ed25519.pem").publicKeyBytes());
    }

    @Test
    void aWrongKeyDoesNotMatch() {
        assertThat(key("ecdsa-p256.pem").publicKeyHash(ImageHash.SHA256)).isNotEqualTo(Image.of("ed_plain.bin").tlv(KEYHASH));
    }
}
