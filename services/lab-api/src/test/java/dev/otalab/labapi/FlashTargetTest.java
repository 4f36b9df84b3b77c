package dev.otalab.labapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.labapi.uart.UartSse;
import org.junit.jupiter.api.Test;

class FlashTargetTest {

    @Test
    void parsesAreaNamesAndAddresses() {
        assertThat(FlashTarget.parse("secondary")).isEqualTo(FlashTarget.ofArea("secondary"));
        assertThat(FlashTarget.parse(" Primary ")).isEqualTo(FlashTarget.ofArea("primary"));
        assertThat(FlashTarget.parse("0x18000200")).isEqualTo(FlashTarget.ofAddress(0x18000200L));
        assertThat(FlashTarget.parse("0X1800020A").address()).isEqualTo(0x1800020AL);
        assertThat(FlashTarget.parse("268599296").address()).isEqualTo(0x10028000L);
        assertThat(FlashTarget.parse("0x18000200")).hasToString("0x18000200");
        assertThat(FlashTarget.parse("factory")).hasToString("factory");
        assertThat(FlashTarget.parse("factory").isAddress()).isFalse();
    }

    @Test
    void rejectsNonsenseWithAUsefulMessage() {
        assertThatThrownBy(() -> FlashTarget.parse("slot2")).hasMessageContaining("area 'slot2' is neither one of");
        assertThatThrownBy(() -> FlashTarget.parse(null)).hasMessageContaining("area is required");
        assertThatThrownBy(() -> FlashTarget.parse("0x1FFFFFFFF")).hasMessageContaining("out of the 32-bit range");
        assertThatThrownBy(() -> FlashTarget.parse("-5")).hasMessageContaining("out of the 32-bit range");
    }

    @Test
    void sseResumeRule() {
        assertThat(UartSse.resumeAfter("42", 7L, 100)).isEqualTo(42);
        assertThat(UartSse.resumeAfter(null, 7L, 100)).isEqualTo(7);
        assertThat(UartSse.resumeAfter(" ", null, 100)).isEqualTo(100);
        assertThatThrownBy(() -> UartSse.resumeAfter("abc", null, 0)).hasMessageContaining("Last-Event-ID must be a line seq");
        assertThatThrownBy(() -> UartSse.resumeAfter("-1", null, 0)).hasMessageContaining("Last-Event-ID must be a line seq");
    }
}
