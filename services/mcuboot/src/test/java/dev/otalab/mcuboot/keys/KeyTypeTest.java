package dev.otalab.mcuboot.keys;

import dev.otalab.mcuboot.image.ImageHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyTypeTest {

    @Test
    void imgtoolNames() {
        for (KeyType t : KeyType.values()) {
            assertThat(KeyType.byCliName(t.cliName())).isSameAs(t);
        }
        assertThat(KeyType.ECDSA_P256.cliName()).isEqualTo("ecdsa-p256");
        assertThatThrownBy(() -> KeyType.byCliName("rsa-1024")).isInstanceOf(KeyException.class).hasMessage(
                "unknown key type 'rsa-1024'; valid: ecdsa-p256, ecdsa-p384, rsa-2048, rsa-3072, ed25519, x25519");
    }

    @Test
    void signatureTlvs() {
        assertThat(KeyType.ECDSA_P256.signatureTlv()).isEqualTo(0x22);
        assertThat(KeyType.ECDSA_P384.signatureTlv()).isEqualTo(0x22);
        assertThat(KeyType.RSA_2048.signatureTlv()).isEqualTo(0x20);
        assertThat(KeyType.RSA_3072.signatureTlv()).isEqualTo(0x23);
        assertThat(KeyType.ED25519.signatureTlv()).isEqualTo(0x24);
        assertThat(KeyType.X25519.canSign()).isFalse();
        assertThatThrownBy(KeyType.X25519::signatureTlv).isInstanceOf(KeyException.class)
                .hasMessage("x25519 keys cannot sign (encryption only)");
    }

    /** Spec §7. */
    @Test
    void imageHashes() {
        assertThat(KeyType.ECDSA_P256.allowedHashes()).isEqualTo(Set.of(ImageHash.SHA256));
        assertThat(KeyType.ECDSA_P384.allowedHashes()).isEqualTo(Set.of(ImageHash.SHA384));
        assertThat(KeyType.RSA_2048.allowedHashes()).isEqualTo(Set.of(ImageHash.SHA256));
        assertThat(KeyType.RSA_3072.allowedHashes()).isEqualTo(Set.of(ImageHash.SHA256));
        assertThat(KeyType.ED25519.allowedHashes()).isEqualTo(Set.of(ImageHash.SHA256, ImageHash.SHA512));

        assertThat(KeyType.ECDSA_P384.imageHash(null, false)).isEqualTo(ImageHash.SHA384);
        assertThat(KeyType.ED25519.imageHash(null, false)).isEqualTo(ImageHash.SHA256);
        assertThat(KeyType.ED25519.imageHash(ImageHash.SHA512, false)).isEqualTo(ImageHash.SHA512);
        assertThat(KeyType.ED25519.imageHash(ImageHash.SHA256, true)).as("--pure forces 512").isEqualTo(ImageHash.SHA512);
        assertThatThrownBy(() -> KeyType.ECDSA_P256.imageHash(ImageHash.SHA512, false)).isInstanceOf(KeyException.class)
                .hasMessage("key ecdsa-p256 cannot be used with --sha 512; allowed: 256");
        assertThatThrownBy(() -> KeyType.RSA_2048.imageHash(null, true)).isInstanceOf(KeyException.class)
                .hasMessage("pure signatures need an ed25519 key, not rsa-2048");
    }

    @Test
    void imageHashNames() {
        assertThat(ImageHash.byCliName("384")).isEqualTo(ImageHash.SHA384);
        assertThat(ImageHash.SHA512.tlvType()).isEqualTo(0x12);
        assertThatThrownBy(() -> ImageHash.byCliName("sha1")).hasMessage("unknown hash 'sha1'; valid: 256, 384, 512");
    }
}
