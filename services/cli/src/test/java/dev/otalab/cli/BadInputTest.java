package dev.otalab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to `./otalab image …`: one line naming the problem, a non-zero exit, no stack trace. */
class BadInputTest {

    @TempDir
    Path tmp;

    private static final String ED = Vectors.file("ed25519.pem").toString();
    private static final String APP = Vectors.file("app5000.bin").toString();

    @Test
    void imageLargerThanTheSlotIsRefusedAndNothingIsWritten() {
        Path out = tmp.resolve("out.bin");
        CliRun run = CliRun.of("image", "sign", "-k", ED, "--pad-header", "-H", "0x400", "-S", "0x1400",
                "-v", "1.0.0", APP, out.toString());
        assertOneLineError(run, 2, "Image size (0x1818) + trailer (0x1b0) exceeds requested size 0x1400");
        assertThat(out).doesNotExist();
    }

    @Test
    void badVersionStringIsRefused() {
        CliRun run = CliRun.of("image", "sign", "-k", ED, "--pad-header", "-H", "0x400", "-S", "0x10000",
                "-v", "1.2.x", APP, tmp.resolve("o.bin").toString());
        assertOneLineError(run, 2, "Invalid version number '1.2.x'");
        CliRun tooBig = CliRun.of("image", "sign", "--pad-header", "-H", "0x400", "-S", "0x10000",
                "-v", "256.0.0", APP, tmp.resolve("o.bin").toString());
        assertOneLineError(tooBig, 2, "version major 256 is out of range 0..255");
    }

    @Test
    void unreadableFilesAreNamed() {
        CliRun missingInput = CliRun.of("image", "sign", "--pad-header", "-H", "0x400", "-S", "0x10000",
                "-v", "1.0.0", tmp.resolve("nope.bin").toString(), tmp.resolve("o.bin").toString());
        assertOneLineError(missingInput, 2, "file not found: " + tmp.resolve("nope.bin"));
        CliRun missingKey = CliRun.of("image", "verify", "-k", tmp.resolve("key.pem").toString(), APP);
        assertOneLineError(missingKey, 2, "key.pem");
    }

    @Test
    void keysThatCannotSignOrDoNotMatchAreRefused() throws Exception {
        Path x25519 = tmp.resolve("x.pem");
        assertThat(CliRun.of("image", "keygen", "-k", x25519.toString(), "-t", "x25519").exitCode()).isZero();
        CliRun sign = CliRun.of("image", "sign", "-k", x25519.toString(), "--pad-header", "-H", "0x400",
                "-S", "0x10000", "-v", "1.0.0", APP, tmp.resolve("o.bin").toString());
        assertOneLineError(sign, 2, "x25519");

        CliRun verify = CliRun.of("image", "verify", "-k", Vectors.file("ecdsa-p384.pem").toString(),
                Vectors.file("ec256_confirm.bin").toString());
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.outLines()).containsExactly("Key type does not match TLV record");

        CliRun otherKey = CliRun.of("image", "verify", "-k", Vectors.file("ecdsa-p256.pem").toString(),
                Vectors.file("rsa2048_plain.bin").toString());
        assertThat(otherKey.exitCode()).isEqualTo(1);
        assertThat(otherKey.outLines()).hasSize(1);

        CliRun unknownType = CliRun.of("image", "keygen", "-k", tmp.resolve("k.pem").toString(), "-t", "dsa");
        assertOneLineError(unknownType, 2, "unknown key type 'dsa'");
    }

    @Test
    void truncatedAndCorruptedImagesFailVerificationWithOneLine() throws Exception {
        byte[] image = Vectors.bytes("ed_plain.bin");
        Path truncated = tmp.resolve("truncated.bin");
        Files.write(truncated, Arrays.copyOf(image, image.length - 10));
        CliRun t = CliRun.of("image", "verify", "-k", ED, truncated.toString());
        assertThat(t.exitCode()).isEqualTo(1);
        assertThat(t.outLines()).hasSize(1);
        assertThat(t.outLines().get(0)).startsWith("Malformed image:");

        Path corrupted = tmp.resolve("corrupted.bin");
        image[0x500] ^= 1;
        Files.write(corrupted, image);
        CliRun c = CliRun.of("image", "verify", "-k", ED, corrupted.toString());
        assertThat(c.exitCode()).isEqualTo(1);
        assertThat(c.outLines()).containsExactly("Image has an invalid hash");

        CliRun notAnImage = CliRun.of("image", "verify", APP);
        assertThat(notAnImage.exitCode()).isEqualTo(1);
        assertThat(notAnImage.outLines()).containsExactly("Invalid image magic; is this an MCUboot image?");

        CliRun dump = CliRun.of("image", "dumpinfo", truncated.toString());
        assertOneLineError(dump, 2, "image truncated or damaged");
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        CliRun align = CliRun.of("image", "sign", "--align", "3", "-H", "0x400", "-S", "0x10000", "-v", "1",
                APP, tmp.resolve("o.bin").toString());
        assertOneLineError(align, 2, "'3' is not one of 1, 2, 4, 8, 16, 32");
        CliRun number = CliRun.of("image", "sign", "-H", "0x4g0", "-S", "0x10000", "-v", "1",
                APP, tmp.resolve("o.bin").toString());
        assertOneLineError(number, 2, "'0x4g0' is not a valid integer");
        CliRun header = CliRun.of("image", "sign", "-H", "0x400", "-S", "0x10000", "-v", "1",
                APP, tmp.resolve("o.bin").toString());
        assertOneLineError(header, 2, "Header padding was not requested and image does not start with zeros");
    }

    private static void assertOneLineError(CliRun run, int exit, String fragment) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exit);
        assertThat(run.err().lines().toList()).as("stderr").hasSize(1);
        assertThat(run.err()).contains(fragment).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
