package dev.otalab.mcuboot.hex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Synthetic images against the output of Python {@code intelhex} 2.3.0, saved under
 * {@code src/test/resources/hex/} by {@code make_expected.py} (keep CASES in step with it).
 */
class IntelHexCompatTest {

    record Case(List<long[]> runs, StartAddress start, int bytesPerRecord) {
    }

    static final Map<String, Case> CASES = Map.of(
            "low_0100", new Case(List.of(run(0x0100, 100)), null, 16),
            "low_at_0_to_ffff", new Case(List.of(run(0x0000, 40), run(0xFFF0, 16)), null, 16),
            "cross_64k", new Case(List.of(run(0xFFC5, 100)), null, 16),
            "gaps", new Case(List.of(run(0x1000, 20), run(0x1015, 5), run(0x1030, 1), run(0x2FFFF, 2),
                    run(0x50000, 40)), null, 16),
            "at_10000000", new Case(List.of(run(0x1000_0000L, 300)), null, 16),
            "at_18000000_trailer", new Case(List.of(run(0x1800_0000L, 5000), run(0x1800_FFE8L, 24)), null, 16),
            "top_of_4g", new Case(List.of(run(0xFFFF_FFE0L, 32)), null, 16),
            "start_linear", new Case(List.of(run(0x1000_0000L, 20)), new StartAddress.Linear(0x1000_0401L), 16),
            "start_segment", new Case(List.of(run(0x0200, 20)), new StartAddress.Segment(0x1234, 0xABCD), 16),
            "bytes32", new Case(List.of(run(0x0FFF0, 70), run(0x20000, 33)), null, 32));

    static long[] run(long address, long length) {
        return new long[] {address, length};
    }

    static int pattern(long a) {
        return (int) ((a * 7 + (a >> 11) + 3) & 0xFF);
    }

    static MemoryImage build(Case c) {
        MemoryImage image = new MemoryImage();
        for (long[] r : c.runs()) {
            byte[] data = new byte[(int) r[1]];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) pattern(r[0] + i);
            }
            image.put(r[0], data);
        }
        return image.setStartAddress(c.start());
    }

    static Stream<Arguments> cases() {
        return CASES.keySet().stream().sorted().map(Arguments::of);
    }

    static String resource(String name) throws IOException {
        try (InputStream in = IntelHexCompatTest.class.getResourceAsStream("/hex/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void writesWhatPythonIntelhexWrites(String name) throws IOException {
        Case c = CASES.get(name);
        assertThat(IntelHex.write(build(c), c.bytesPerRecord())).isEqualTo(resource(name + ".hex"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void readsBackTheSameImage(String name) throws IOException {
        assertThat(IntelHex.parse(resource(name + ".hex"))).isEqualTo(build(CASES.get(name)));
    }

    @Test
    void extendedRecordRules() throws IOException {
        assertThat(resource("low_0100.hex")).doesNotContain(":02000004");
        assertThat(resource("low_at_0_to_ffff.hex")).doesNotContain(":02000004");
        assertThat(resource("cross_64k.hex")).startsWith(":020000040000FA\n")
                .contains("\n:020000040001F9\n:10000000");
        // a jump over empty pages names only the page the next data is in
        assertThat(resource("gaps.hex")).contains(":020000040002F8").contains(":020000040005F5")
                .doesNotContain(":020000040004");
    }

    @Test
    void unusualButValidInputIsNormalisedLikeIntelhex() throws IOException {
        // CRLF, blank lines, lower case, type 02 segments, records out of order, an empty data
        // record, a type 03 start address, data crossing 0xFFFF under segment 0 (no wrap)
        MemoryImage image = IntelHex.parse(resource("unusual_input.hex"));

        assertThat(image.startAddress()).contains(new StartAddress.Segment(0x0000, 0x1234));
        assertThat(image.segments()).extracting(MemoryImage.Segment::address)
                .containsExactly(0xFFFEL, 0x100F0L, 0x10100L);
        assertThat(IntelHex.write(image)).isEqualTo(resource("unusual_output.hex"));
    }

    @Test
    void writeToStreamAndPathMatchTheString(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        MemoryImage image = build(CASES.get("gaps"));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        IntelHex.write(image, out, 16);
        java.nio.file.Path file = dir.resolve("x.hex");
        IntelHex.write(image, file);

        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(resource("gaps.hex"));
        assertThat(java.nio.file.Files.readString(file)).isEqualTo(resource("gaps.hex"));
        assertThat(IntelHex.read(file)).isEqualTo(image);
    }

    @Test
    void emptyImageIsJustTheEofRecord() {
        assertThat(IntelHex.write(new MemoryImage())).isEqualTo(":00000001FF\n");
        assertThat(IntelHex.parse(":00000001FF\n").isEmpty()).isTrue();
    }

    @Test
    void largeImageWritesAndReadsBackInLinearTime() {
        // 2 MB plus a trailer; a quadratic writer or reader would take minutes here
        byte[] data = new byte[2 * 1024 * 1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) pattern(i);
        }
        MemoryImage image = MemoryImage.of(0x1000_0000L, data).put(0x1020_FFF0L, new byte[16]);

        String text = IntelHex.write(image);
        MemoryImage back = IntelHex.parse(text);

        assertThat(back).isEqualTo(image);
        assertThat(back.segmentCount()).isEqualTo(2);
        assertThat(text.lines().filter(l -> l.startsWith(":02000004")).count()).isEqualTo(33);
    }
}
