package dev.otalab.signing.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.signing.service.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NumbersTest {

    @ParameterizedTest
    @CsvSource({"0,0", "1024,1024", "0x400,1024", "0X400,1024", "0o17,15", "0b101,5", "1_000,1000", "0x_ff,255",
            "' 42 ',42", "0xffffffff,4294967295", "000,0"})
    void parsesImgtoolIntegers(String text, long value) {
        assertThat(Numbers.parse("f", text)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "010", "-1", "+1", "12abc", "1__0", "_1", "1_", "0x1g", "99999999999999999999"})
    void refusesOtherText(String text) {
        assertThatThrownBy(() -> Numbers.parse("slotSize", text))
                .isInstanceOf(ProblemException.class)
                .hasMessageStartingWith("slotSize: '" + text + "' is not");
    }

    @ParameterizedTest
    @CsvSource({"31,headerSize: 31 is out of range 32..65535", "0x10000,headerSize: 0x10000 is out of range 32..65535"})
    void checksRanges(String text, String message) {
        assertThatThrownBy(() -> Numbers.parse("headerSize", text, 32, 0xFFFF)).hasMessage(message);
    }
}
