package dev.otalab.mcuboot.hex;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@code ed_hex.hex}: made by imgtool 2.4.0 with {@code -x 0x18000000 -S 0x10000 --pad --confirm}. */
class IntelHexGoldenTest {

    static final Path GOLDEN = Shared.path("vectors/imgtool/ed_hex.hex");
    static final long BASE = 0x1800_0000L;
    static final int SLOT = 0x10000;

    @Test
    void parseThenWriteReproducesTheGoldenFileByteForByte() throws Exception {
        byte[] golden = Files.readAllBytes(GOLDEN);

        String written = IntelHex.write(IntelHex.read(GOLDEN));

        assertThat(written.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(golden);
    }

    @Test
    void goldenHoldsTheImageAtTheBaseAndOnlyTheTrailerBytesNearTheSlotEnd() throws Exception {
        MemoryImage image = IntelHex.read(GOLDEN);

        assertThat(image.minAddress()).isEqualTo(BASE);
        assertThat(image.maxAddress()).isEqualTo(BASE + SLOT - 1);
        assertThat(image.read(BASE, 4, 0)).isEqualTo(hex("3DB8F396"));
        // MCUboot magic in the last 16 bytes of the slot
        assertThat(image.read(BASE + SLOT - 16, 16, 0)).isEqualTo(hex("77C295F360D2EF7F3552500F2CB67980"));
        // image_ok = 01 then seven erased bytes, right below the magic
        assertThat(image.read(BASE + SLOT - 24, 8, 0)).isEqualTo(hex("01FFFFFFFFFFFFFF"));

        // exactly two runs: header..TLVs, then the 24 trailer bytes; the fill between is not written
        assertThat(image.segmentCount()).isEqualTo(2);
        MemoryImage.Segment body = image.segments().get(0);
        MemoryImage.Segment trailer = image.segments().get(1);
        assertThat(body.address()).isEqualTo(BASE);
        assertThat(trailer.address()).isEqualTo(BASE + SLOT - 24);
        assertThat(trailer.length()).isEqualTo(24);
        assertThat(body.end()).isLessThan(trailer.address());
        assertThat(image.get(body.end())).isEqualTo(-1);
        assertThat(image.get(trailer.address() - 1)).isEqualTo(-1);

        // header: hdr_size 0x400, img_size 5000; payload = app5000.bin; TLV info magic 0x6907 after it
        byte[] app = Files.readAllBytes(Shared.path("vectors/imgtool/app5000.bin"));
        assertThat(image.read(BASE + 8, 8, 0)).isEqualTo(hex("0004000088130000"));
        assertThat(image.read(BASE + 0x400, app.length, 0)).isEqualTo(app);
        assertThat(image.read(BASE + 0x400 + app.length, 2, 0)).isEqualTo(hex("0769"));
    }

    @Test
    void toContiguousFillsTheGapFromTheLowestAddress() throws Exception {
        MemoryImage image = IntelHex.read(GOLDEN);

        byte[] bin = image.toContiguous(0xFF);

        assertThat(bin).hasSize(SLOT);
        assertThat(bin[0]).isEqualTo((byte) 0x3D);
        int gapStart = (int) (image.segments().get(0).end() - BASE);
        for (int i = gapStart; i < SLOT - 24; i++) {
            assertThat(bin[i]).as("offset 0x%X", i).isEqualTo((byte) 0xFF);
        }
        assertThat(bin[SLOT - 24]).isEqualTo((byte) 0x01);
        assertThat(image.toContiguous(0x00)[gapStart]).isEqualTo((byte) 0);
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
