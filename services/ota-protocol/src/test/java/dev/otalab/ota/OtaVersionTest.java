package dev.otalab.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OtaVersionTest {

    @Test
    void parsesAndPrintsTheDeviceForm() {
        assertThat(OtaVersion.parse("1.0.0")).isEqualTo(OtaVersion.of(1, 0, 0));
        assertThat(OtaVersion.parse(" 2.10.65535 ").toString()).isEqualTo("2.10.65535");
    }

    @Test
    void refusesAnythingButThreeDecimalParts() {
        for (String bad : new String[] {"1.0", "1", "1.0.0.0", "a.b.c", "-1.0.0", "1..0", "", "1.0.99999999999"}) {
            assertThatThrownBy(() -> OtaVersion.parse(bad)).isInstanceOf(OtaProtocolException.class)
                    .extracting(e -> ((OtaProtocolException) e).kind())
                    .isEqualTo(OtaProtocolException.Kind.INVALID_VERSION);
        }
        assertThatThrownBy(() -> OtaVersion.parse(null)).isInstanceOf(OtaProtocolException.class);
    }

    @Test
    void u16CheckNamesTheUse() {
        assertThat(OtaVersion.of(65535, 0, 1).checkFitsU16("x")).isEqualTo(OtaVersion.of(65535, 0, 1));
        assertThatThrownBy(() -> OtaVersion.of(1, 0, 65536).checkFitsU16("chunk header"))
                .hasMessageContaining("chunk header").hasMessageContaining("65535");
    }

    @Test
    void ordersPartByPart() {
        assertThat(OtaVersion.of(1, 2, 3)).isLessThan(OtaVersion.of(1, 3, 0)).isLessThan(OtaVersion.of(2, 0, 0))
                .isGreaterThan(OtaVersion.of(1, 2, 2));
    }

    @Test
    void negativePartsAreRefused() {
        assertThatThrownBy(() -> OtaVersion.of(0, -1, 0)).isInstanceOf(OtaProtocolException.class);
    }
}
