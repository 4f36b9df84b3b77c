package dev.otalab.mcuboot.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.mcuboot.McubootException;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.verify.ImageVerifier;
import dev.otalab.mcuboot.verify.VerifyResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random and mutated images fed to the parser and the verifier: the parser fails only with the
 * library's typed error, the verifier always returns a result, and a mutated image never
 * verifies unless the mutation left its bytes unchanged.
 */
class ImageParserFuzzTest {

    private static final Path VECTORS = Path.of(System.getProperty("otalab.shared", "../../../shared"),
            "vectors", "imgtool");
    private static final List<String> IMAGES = List.of("ed_plain.bin", "ed_seccnt.bin", "ed_fullkey.bin",
            "unsigned_hash.bin", "ec384_plain.bin", "rsa2048_plain.bin", "ed_pad_confirm.bin");
    private static final McubootKey ED25519 = McubootKey.read(VECTORS.resolve("ed25519.pem"), null);
    /** The key each image is checked with: its signer's, so that signature bytes are covered too. */
    private static final Map<String, McubootKey> KEYS = Map.of(
            "ec384_plain.bin", McubootKey.read(VECTORS.resolve("ecdsa-p384.pem"), null),
            "rsa2048_plain.bin", McubootKey.read(VECTORS.resolve("rsa-2048.pem"), null));

    @Property(tries = 500)
    void randomBytesNeverEscapeAsAnythingButTheTypedError(@ForAll @Size(max = 2048) byte[] bytes) {
        parseQuietly(bytes);
        assertThat(ImageVerifier.verify(bytes, ED25519)).isNotNull();
        assertThat(ImageVerifier.verify(bytes, null).ok()).isFalse();
    }

    @Property(tries = 1500)
    void mutatedImagesAreRefusedOrUnchanged(@ForAll("image") String name, @ForAll("seed") long seed) {
        byte[] original = read(name);
        byte[] mutated = mutate(original, new Random(seed));
        parseQuietly(mutated);
        VerifyResult result = ImageVerifier.verify(mutated, name.startsWith("ed_") ? ED25519 : KEYS.get(name));
        if (result.ok()) {
            // Only bytes outside the image proper (padding, trailer) may change without notice.
            int length = McubootImage.parse(original).length();
            assertThat(Arrays.copyOf(mutated, Math.min(mutated.length, length)))
                    .isEqualTo(Arrays.copyOf(original, Math.min(mutated.length, length)));
        }
    }

    @Provide
    Arbitrary<String> image() {
        return Arbitraries.of(IMAGES);
    }

    @Provide
    Arbitrary<Long> seed() {
        return Arbitraries.longs();
    }

    private static void parseQuietly(byte[] bytes) {
        try {
            McubootImage image = McubootImage.parse(bytes);
            assertThat(image.length()).isLessThanOrEqualTo(bytes.length);
            image.hashMatches();
        } catch (McubootException expected) {
            assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
        }
    }

    /** One of: flip bytes, truncate, extend, or overwrite a header/TLV length field. */
    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case 2 -> b = Arrays.copyOf(b, b.length + 1 + random.nextInt(64));
            default -> {
                int[] fields = {8, 10, 12, 14};
                int at = fields[random.nextInt(fields.length)];
                b[at] = (byte) random.nextInt(256);
                b[at + 1] = (byte) random.nextInt(256);
            }
        }
        return b;
    }

    private static byte[] read(String name) {
        try {
            return Files.readAllBytes(VECTORS.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
