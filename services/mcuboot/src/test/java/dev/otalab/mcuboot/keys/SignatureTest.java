package dev.otalab.mcuboot.keys;

import dev.otalab.mcuboot.image.ImageHash;
import static dev.otalab.mcuboot.keys.KeyTestFiles.key;
import static dev.otalab.mcuboot.keys.KeyTestFiles.text;
import static dev.otalab.mcuboot.keys.KeyTestFiles.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.mcuboot.keys.KeyTestFiles.Image;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Image signatures (spec §8): round trips, the golden images, and an independent JCA check. */
class SignatureTest {

    private static final int ECDSASIG = 0x22;
    private static final int RSA2048 = 0x20;
    private static final int ED25519 = 0x24;

    /** A region in the middle of a larger buffer, to catch offset mistakes. */
    private static final byte[] BUF = new byte[10_000];
    private static final int OFF = 123;
    private static final int LEN = 5_000;

    static {
        new Random(42).nextBytes(BUF);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecdsa-p256.pem", "ecdsa-p384.pem", "rsa-2048.pem", "rsa-3072.pem", "ed25519.pem"})
    void signThenVerify(String file) {
        McubootKey k = key(file);
        byte[] digest = k.type().defaultHash().digest(BUF, OFF, LEN);

        byte[] sig = k.signImage(BUF, OFF, LEN, digest, false);

        assertThat(k.verifyImage(sig, BUF, OFF, LEN, digest, false)).isTrue();
        assertThat(k.verifyImage(sig, BUF, OFF, LEN, null, false)).as("digest computed").isTrue();
        assertThat(k.publicOnly().verifyImage(sig, BUF, OFF, LEN, digest, false)).isTrue();
        for (int i : new int[] {0, sig.length / 2, sig.length - 1}) {
            byte[] bad = sig.clone();
            bad[i] ^= 0x01;
            assertThat(k.verifyImage(bad, BUF, OFF, LEN, digest, false)).as("flipped sig byte %d", i).isFalse();
        }
        byte[] other = BUF.clone();
        other[OFF + LEN - 1] ^= 0x01;
        assertThat(k.verifyImage(sig, other, OFF, LEN, null, false)).as("flipped image byte").isFalse();
        assertThat(k.verifyImage(sig, BUF, OFF + 1, LEN, null, false)).as("other region").isFalse();
        assertThat(k.verifyImage(Arrays.copyOf(sig, sig.length - 1), BUF, OFF, LEN, digest, false)).isFalse();
        assertThat(k.verifyImage(new byte[0], BUF, OFF, LEN, digest, false)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "ecdsa-p256.pem, SHA256withECDSA",
        "ecdsa-p384.pem, SHA384withECDSA",
        "rsa-2048.pem,   RSASSA-PSS",
        "rsa-3072.pem,   RSASSA-PSS",
        "ed25519.pem,    Ed25519",
    })
    void theJdkAgreesOverTheWholeRegion(String file, String algorithm) throws Exception {
        McubootKey k = key(file);
        byte[] digest = k.type().defaultHash().digest(BUF, OFF, LEN);
        byte[] sig = k.signImage(BUF, OFF, LEN, digest, false);

        Signature jca = Signature.getInstance(algorithm);
        if (algorithm.equals("RSASSA-PSS")) {
            jca.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        }
        jca.initVerify(jcaPublicKey(k));
        if (algorithm.equals("Ed25519")) {
            jca.update(digest); // Ed25519 signs the 32-byte digest, not the image
        } else {
            jca.update(BUF, OFF, LEN);
        }
        assertThat(jca.verify(sig)).isTrue();
    }

    @Test
    void ed25519IsDeterministicAndReproducesTheGoldenImage() {
        for (String name : new String[] {"ed_plain.bin", "ed_pad_confirm.bin", "ed_overwrite.bin"}) {
            Image image = Image.of(name);
            byte[] digest = image.tlv(ImageHash.SHA256.tlvType());

            byte[] sig = key("ed25519.pem").signImage(image.bytes(), 0, image.hashedLength(), digest, false);

            assertThat(sig).as(name).isEqualTo(image.tlv(ED25519));
        }
    }

    @Test
    void ecdsaSignatureOfTheGoldenImageVerifies() {
        Image image = Image.of("ec256_confirm.bin");
        byte[] sig = image.tlv(ECDSASIG);
        byte[] digest = image.tlv(ImageHash.SHA256.tlvType());
        assertThat(sig).isEqualTo(Base64.getDecoder().decode(text(vector("ec256_confirm.sig.b64")).strip()));

        McubootKey pub = key("ecdsa-p256.pub.pem");
        assertThat(pub.verifyImage(sig, image.bytes(), 0, image.hashedLength(), digest, false)).isTrue();
        assertThat(pub.verifyImage(sig, image.bytes(), 0, image.hashedLength(), null, false)).isTrue();
        byte[] wrongDigest = digest.clone();
        wrongDigest[0] ^= 1;
        assertThat(pub.verifyImage(sig, image.bytes(), 0, image.hashedLength(), wrongDigest, false)).isFalse();
        assertThat(key("ecdsa-p384.pem").type()).isNotEqualTo(pub.type());
    }

    @ParameterizedTest
    @CsvSource({
        "ec384_plain.bin,   ecdsa-p384.pem, 0x22, SHA384",
        "rsa2048_plain.bin, rsa-2048.pem,   0x20, SHA256",
        "ed_seccnt.bin,     ed25519.pem,    0x24, SHA256",
    })
    void otherGoldenSignaturesVerify(String name, String keyFile, int sigTlv, ImageHash hash) {
        Image image = Image.of(name);
        byte[] digest = image.tlv(hash.tlvType());
        McubootKey k = key(keyFile).publicOnly();

        assertThat(k.type().signatureTlv()).isEqualTo(sigTlv);
        assertThat(k.verifyImage(image.tlv(sigTlv), image.bytes(), 0, image.hashedLength(), digest, false)).isTrue();
        assertThat(key("ecdsa-p256.pem").verifyImage(image.tlv(image.unprotectedTlvs().get(image.unprotectedTlvs().size() - 1).type()),
                image.bytes(), 0, image.hashedLength(), null, false)).as("another key").isFalse();
    }

    @Test
    void ecdsaSignaturesAreDerAndMayBePaddedWithZeros() {
        McubootKey k = key("ecdsa-p256.pem");
        for (int i = 0; i < 20; i++) {
            byte[] digest = ImageHash.SHA256.digest(BUF, i, LEN);
            byte[] sig = k.signImage(BUF, i, LEN, digest, false);
            assertThat(sig[0]).isEqualTo((byte) 0x30);
            assertThat(sig).hasSize((sig[1] & 0xff) + 2).hasSizeLessThanOrEqualTo(72);
            assertThat(k.signImage(BUF, i, LEN, digest, false)).as("RFC 6979").isEqualTo(sig);

            byte[] padded = Arrays.copyOf(sig, 72); // imgtool --pad-sig
            assertThat(k.verifyImage(padded, BUF, i, LEN, digest, false)).isTrue();
            byte[] garbageAfter = Arrays.copyOf(sig, sig.length + 3);
            garbageAfter[sig.length] = 0x55;
            assertThat(k.verifyImage(garbageAfter, BUF, i, LEN, digest, false)).as("only the DER prefix counts").isTrue();
            byte[] longer = sig.clone();
            longer[1]++; // DER claims one byte more than the signature has
            assertThat(k.verifyImage(longer, BUF, i, LEN, digest, false)).isFalse();
        }
    }

    @Test
    void rsaPssIsRandomised() {
        McubootKey k = key("rsa-2048.pem");
        assertThat(k.signImage(BUF, OFF, LEN, null, false)).isNotEqualTo(k.signImage(BUF, OFF, LEN, null, false));
    }

    @Test
    void ed25519CanSignASha512Digest() {
        McubootKey k = key("ed25519.pem");
        byte[] digest = ImageHash.SHA512.digest(BUF, OFF, LEN);
        byte[] sig = k.signImage(BUF, OFF, LEN, digest, false);
        assertThat(k.verifyImage(sig, BUF, OFF, LEN, digest, false)).isTrue();
        assertThat(k.verifyImage(sig, BUF, OFF, LEN, null, false)).as("that is not the SHA-256 signature").isFalse();
        assertThatThrownBy(() -> k.signImage(BUF, OFF, LEN, new byte[48], false))
                .isInstanceOf(KeyException.class).hasMessageContaining("SHA-256 or SHA-512");
    }

    @Test
    void pureEd25519SignsTheRegionItself() throws Exception {
        McubootKey k = key("ed25519.pem");
        byte[] sig = k.signImage(BUF, OFF, LEN, null, true);

        assertThat(k.verifyImage(sig, BUF, OFF, LEN, null, true)).isTrue();
        assertThat(k.verifyImage(sig, BUF, OFF, LEN, null, false)).isFalse();
        Signature jca = Signature.getInstance("Ed25519");
        jca.initVerify(jcaPublicKey(k));
        jca.update(BUF, OFF, LEN);
        assertThat(jca.verify(sig)).isTrue();
    }

    @Test
    void misuseIsAKeyException() {
        assertThatThrownBy(() -> key("ecdsa-p256.pub.pem").signImage(BUF, 0, 10, null, false))
                .isInstanceOf(KeyException.class)
                .hasMessage("signing needs a private key; " + KeyTestFiles.keyFile("ecdsa-p256.pub.pem")
                        + " holds only a public key");
        assertThatThrownBy(() -> key("ecdsa-p256.pem").signImage(BUF, 0, 10, null, true))
                .isInstanceOf(KeyException.class).hasMessage("pure signatures need an ed25519 key, not ecdsa-p256");
        assertThatThrownBy(() -> key("x25519.pem").signImage(BUF, 0, 10, null, false))
                .isInstanceOf(KeyException.class).hasMessageStartingWith("x25519 keys cannot sign");
        assertThat(key("rsa-2048.pem").verifyImage(new byte[256], BUF, 0, 10, null, true)).isFalse();
    }

    private static PublicKey jcaPublicKey(McubootKey k) throws Exception {
        String alg = switch (k.type()) {
            case ECDSA_P256, ECDSA_P384 -> "EC";
            case RSA_2048, RSA_3072 -> "RSA";
            default -> "Ed25519";
        };
        byte[] spki = Base64.getMimeDecoder().decode(k.publicPem().replaceAll("-----[A-Z ]+-----", ""));
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki));
    }
}
