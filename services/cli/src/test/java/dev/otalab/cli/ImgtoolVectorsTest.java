package dev.otalab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.mcuboot.hex.IntelHex;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.verify.ImageVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of ../shared/vectors/imgtool/cases.tsv, run through `./otalab image sign` unchanged. */
class ImgtoolVectorsTest {

    @TempDir
    Path tmp;

    static Stream<Vectors.Case> exactCases() {
        return Vectors.cases().stream().filter(c -> c.check().equals("exact"));
    }

    static Stream<Vectors.Case> verifyCases() {
        return Vectors.cases().stream().filter(c -> c.check().equals("verify"));
    }

    @ParameterizedTest
    @MethodSource("exactCases")
    void exactCasesAreByteIdentical(Vectors.Case c) throws Exception {
        Path out = sign(c, c.args());
        assertThat(Files.readAllBytes(out)).isEqualTo(Vectors.bytes(c.output()));
    }

    @ParameterizedTest
    @MethodSource("verifyCases")
    void randomisedSignaturesVerifyWithTheReferenceDigest(Vectors.Case c) throws Exception {
        Path out = sign(c, c.args());
        CliRun verify = CliRun.of("image", "verify", "-k", keyOf(c), out.toString());
        assertThat(verify.exitCode()).isZero();
        assertThat(verify.outLines()).isEqualTo(Vectors.verifyLines().get(c.output()));
    }

    @Test
    void ecdsaCaseIsByteIdenticalWithTheReferenceSignatureInjected() throws Exception {
        Vectors.Case c = Vectors.cases().stream().filter(x -> x.name().equals("ec256_confirm")).findFirst().orElseThrow();
        List<String> args = new ArrayList<>(c.args());
        int k = args.indexOf("-k");
        args.remove(k + 1);
        args.remove(k);
        args.addAll(List.of("--fix-sig", Vectors.file("ec256_confirm.sig.b64").toString(),
                "--fix-sig-pubkey", Vectors.file("ecdsa-p256.pub.pem").toString()));
        Path out = sign(c, args);
        assertThat(Files.readAllBytes(out)).isEqualTo(Vectors.bytes("ec256_confirm.bin"));
    }

    @Test
    void everyReferenceImageVerifiesWithItsKeyAsImgtoolPrinted() {
        for (Vectors.Case c : Vectors.cases()) {
            List<String> args = new ArrayList<>(List.of("image", "verify"));
            if (c.args().contains("-k")) {
                args.addAll(List.of("-k", keyOf(c)));
            }
            args.add(Vectors.file(c.output()).toString());
            CliRun run = CliRun.of(args);
            if (c.output().endsWith(".hex")) {
                assertThat(run.outLines()).as(c.name()).first().isEqualTo("Image was correctly validated");
            } else {
                assertThat(run.outLines()).as(c.name()).isEqualTo(Vectors.verifyLines().get(c.output()));
            }
            assertThat(run.exitCode()).as(c.name()).isZero();
        }
    }

    /**
     * One flipped byte anywhere in the image proper (header through TLVs) is refused: every byte
     * of the header and TLV areas, and 200 payload positions per image.
     */
    @Test
    void everyReferenceImageWithOneFlippedByteIsRefused() throws Exception {
        for (Vectors.Case c : Vectors.cases()) {
            byte[] image = c.output().endsWith(".hex")
                    ? IntelHex.read(Vectors.file(c.output())).toContiguous(0xFF)
                    : Vectors.bytes(c.output());
            McubootKey key = c.args().contains("-k") ? McubootKey.read(Path.of(keyOf(c)), null) : null;
            assertThat(ImageVerifier.verify(image, key).ok()).as(c.name()).isTrue();
            dev.otalab.mcuboot.image.McubootImage parsed = dev.otalab.mcuboot.image.McubootImage.parse(image);
            int payloadStart = parsed.payloadOffset();
            int payloadEnd = (int) parsed.header().tlvOffset();
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < parsed.length(); i++) {
                if (i < 32 || i >= payloadEnd || (i >= 32 && i < payloadStart && i % 16 == 0)) {
                    positions.add(i);
                }
            }
            java.util.Random random = new java.util.Random(c.name().hashCode());
            for (int n = 0; n < 200; n++) {
                positions.add(payloadStart + random.nextInt(payloadEnd - payloadStart));
            }
            for (int pos : positions) {
                image[pos] ^= (byte) 0xFF;
                assertThat(ImageVerifier.verify(image, key).ok())
                        .as("%s with byte 0x%x flipped", c.name(), pos).isFalse();
                image[pos] ^= (byte) 0xFF;
            }
        }
    }

    private Path sign(Vectors.Case c, List<String> args) {
        Path out = tmp.resolve(c.output());
        List<String> all = new ArrayList<>(List.of("image", "sign"));
        all.addAll(args);
        all.add(Vectors.file(c.input()).toString());
        all.add(out.toString());
        CliRun run = CliRun.of(all);
        assertThat(run.err()).as(c.name()).isEmpty();
        assertThat(run.exitCode()).as(c.name()).isZero();
        return out;
    }

    private static String keyOf(Vectors.Case c) {
        return c.args().get(c.args().indexOf("-k") + 1);
    }
}
