package dev.otalab.mcuboot.hex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.mcuboot.McubootException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IntelHexMalformedTest {

    static final String DATA = ":10000000000102030405060708090A0B0C0D0E0F78";
    static final String EOF = ":00000001FF";

    static Stream<Arguments> malformed() {
        return Stream.of(
                // text, line, message fragment
                Arguments.of(DATA.replace("0F78", "0F79") + "\n" + EOF, 1, "bad checksum 0x79 (expected 0x78)"),
                Arguments.of("\n\r\n" + ":0100000600F9\n" + EOF, 3, "bad record type 0x06"),
                Arguments.of(DATA + "\n" + DATA.substring(0, 42) + "\n" + EOF, 2, "odd number of hex digits (41)"),
                Arguments.of(DATA + "\n", 2, "missing end-of-file record"),
                Arguments.of(DATA, 2, "missing end-of-file record"),
                Arguments.of("", 1, "missing end-of-file record"),
                Arguments.of("\r\n\r\n", 3, "missing end-of-file record"),
                Arguments.of(DATA + "\n:0100080042B5\n" + EOF, 2, "overlapping data at 0x00000008"),
                Arguments.of(DATA + "\r\n" + DATA + "\r\n" + EOF, 2, "overlapping data at 0x00000000"),
                Arguments.of(":10000000000102030405060708090A0B0C0D0E0G78\n" + EOF, 1, "non-hex character 'G' at column 41"),
                Arguments.of(DATA + " \n" + EOF, 1, "non-hex character ' ' at column 44"),
                Arguments.of(DATA + "\n" + "00000001FF", 2, "record does not start with ':' (found '0')"),
                Arguments.of(" " + EOF, 1, "record does not start with ':'"),
                Arguments.of(":00000001\n", 1, "record too short (4 bytes, need at least 5)"),
                Arguments.of(":\n", 1, "record too short (0 bytes"),
                Arguments.of(":0F000000000102030405060708090A0B0C0D0E0F79\n" + EOF, 1,
                        "byte count 0x0F does not match the record's 16 data bytes"),
                Arguments.of(":0100000100FE\n", 1, "end-of-file record carries data"),
                Arguments.of(":03000004000100F8\n" + EOF, 1, "extended linear address record must have 2 data bytes"),
                Arguments.of(":020001020000FB\n" + EOF, 1, "extended segment address record must have 2 data bytes and address 0000"),
                Arguments.of(":020000051000E9\n" + EOF, 1, "start linear address record must have 4 data bytes"),
                Arguments.of(":0400000510000401E2\n:0400000300001234B3\n" + EOF, 2, "duplicate start address record"),
                Arguments.of(EOF + "\n\n" + DATA + "\n", 3, "data after the end-of-file record"),
                Arguments.of(EOF + "\n" + EOF + "\n", 2, "data after the end-of-file record"),
                Arguments.of(":02000004FFFFFC\n:10FFF8000102030405060708090A0B0C0D0E0F1071\n" + EOF, 2,
                        "data at 0xFFFFFFF8 runs past 0xFFFFFFFF"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedInputNamesTheLineAndTheProblem(String text, int line, String fragment) {
        assertThatThrownBy(() -> IntelHex.parse(text))
                .isInstanceOf(HexFormatException.class)
                .isInstanceOf(McubootException.class)
                .hasMessageStartingWith("line " + line + ": ")
                .hasMessageContaining(fragment)
                .satisfies(e -> assertThat(((HexFormatException) e).line()).isEqualTo(line))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void nonAsciiBytesAreNonHexCharacters() {
        byte[] text = (":1000000000010203040506070809" + "\u00e9" + "A0B0C0D0E0F78\n" + EOF)
                .getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> IntelHex.parse(text))
                .isInstanceOf(HexFormatException.class)
                .hasMessage("line 1: non-hex character 0xE9 at column 30");
    }

    @Test
    void sameDataTwiceIsStillAnOverlapLikeIntelhex() {
        assertThatThrownBy(() -> IntelHex.parse(":0100000042BD\n:0100000042BD\n" + EOF))
                .isInstanceOf(HexFormatException.class)
                .hasMessage("line 2: overlapping data at 0x00000000");
    }

    @Test
    void validVariantsAreAccepted() {
        // lower case, CRLF, trailing blank lines, EOF record address not checked (as intelhex)
        MemoryImage image = IntelHex.parse(DATA.toLowerCase() + "\r\n:00000001ff\r\n\r\n\n");
        assertThat(image.size()).isEqualTo(16);
        assertThat(IntelHex.parse(":00123401B9").isEmpty()).isTrue();
    }
}
