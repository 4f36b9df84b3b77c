package dev.otalab.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The 32-byte chunk header (§7). */
class ChunkHeaderTest {

    /** §7: chunk 1 of 74 of a 300000-byte image, version 1.1.0. */
    static final byte[] CHUNK_1 = hex("4F 54 41 49 6D 61 67 65 20 00 00 00 01 00 01 00 00 00 E0 93 04 00 00 10 00 00 00 10 4A 00 01 00");
    /** §7: the last chunk, index 73, 992 bytes. */
    static final byte[] CHUNK_73 = hex("4F 54 41 49 6D 61 67 65 20 00 00 00 01 00 01 00 00 00 E0 93 04 00 00 90 04 00 E0 03 4A 00 49 00");

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    @Test
    void encodesTheSpecExamplesByteForByte() {
        OtaVersion v = OtaVersion.of(1, 1, 0);
        assertThat(ChunkHeader.of(v, 300000, 4096, 4096, 74, 1).encode()).isEqualTo(CHUNK_1);
        assertThat(ChunkHeader.of(v, 300000, 299008, 992, 74, 73).encode()).isEqualTo(CHUNK_73);
    }

    @Test
    void decodesTheSpecExamples() {
        ChunkHeader h = ChunkHeader.decode(CHUNK_73);
        assertThat(h).isEqualTo(new ChunkHeader("OTAImage", 32, 0, OtaVersion.of(1, 1, 0), 300000, 299008, 992, 74, 73));
        assertThat(ChunkHeader.decode(CHUNK_1).imageOffset()).isEqualTo(4096);
    }

    @Test
    void unsignedFieldsUseTheirFullRange() {
        ChunkHeader max = new ChunkHeader("\u00ffTAImage", 65535, 65535, OtaVersion.of(65535, 65535, 65535), 0xFFFF_FFFFL,
                0xFFFF_FFFFL, 65535, 65535, 65535);
        byte[] bytes = max.encode();
        assertThat(bytes).hasSize(32);
        assertThat(ChunkHeader.decode(bytes)).isEqualTo(max);
        byte[] into = new byte[40];
        max.encodeInto(into, 8);
        assertThat(java.util.Arrays.copyOfRange(into, 8, 40)).isEqualTo(bytes);
    }

    @Test
    void refusesValuesThatDoNotFit() {
        OtaVersion v = OtaVersion.of(1, 0, 0);
        assertThatThrownBy(() -> ChunkHeader.of(v, 1L << 32, 0, 1, 1, 0)).isInstanceOf(OtaProtocolException.class);
        assertThatThrownBy(() -> ChunkHeader.of(v, 10, -1, 1, 1, 0)).isInstanceOf(OtaProtocolException.class);
        assertThatThrownBy(() -> ChunkHeader.of(v, 10, 0, 65536, 1, 0)).isInstanceOf(OtaProtocolException.class);
        assertThatThrownBy(() -> ChunkHeader.of(v, 10, 0, 1, 1, 65536)).isInstanceOf(OtaProtocolException.class);
        assertThatThrownBy(() -> ChunkHeader.of(OtaVersion.of(65536, 0, 0), 10, 0, 1, 1, 0))
                .isInstanceOf(OtaProtocolException.class);
        assertThatThrownBy(() -> new ChunkHeader("OTAImag", 32, 0, v, 10, 0, 1, 1, 0))
                .isInstanceOf(OtaProtocolException.class);
        assertThatThrownBy(() -> ChunkHeader.decode(new byte[31])).isInstanceOf(OtaProtocolException.class)
                .extracting(e -> ((OtaProtocolException) e).kind()).isEqualTo(OtaProtocolException.Kind.INVALID_CHUNK);
    }
}
