package dev.otalab.mcuboot.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageVersionTest {

    @Test
    void parsesImgtoolGrammarWithMissingPartsZero() {
        assertThat(ImageVersion.parse("2")).isEqualTo(new ImageVersion(2, 0, 0, 0));
        assertThat(ImageVersion.parse("1.2.3+4")).isEqualTo(new ImageVersion(1, 2, 3, 4));
        assertThat(ImageVersion.parse("255.255.65535+4294967295").build()).isEqualTo(4294967295L);
        assertThat(ImageVersion.parse("1.2.3+7").toString()).isEqualTo("1.2.3+7");
        assertThat(ImageVersion.parse("1.2.3+7").toShortString()).isEqualTo("1.2.3");
    }

    @Test
    void refusesLeadingZerosGarbageAndOutOfRangeParts() {
        for (String bad : new String[] {"01.2", "1..2", "1.2.3.4", "a", "", "1.2+3", "-1", "1.2.3+"}) {
            assertThatThrownBy(() -> ImageVersion.parse(bad)).as(bad).isInstanceOf(ImageFormatException.class);
        }
        assertThatThrownBy(() -> ImageVersion.parse("1.256")).hasMessageContaining("minor 256");
        assertThatThrownBy(() -> ImageVersion.parse("1.0.65536")).hasMessageContaining("revision 65536");
        assertThatThrownBy(() -> ImageVersion.parse("1.0.0+4294967296")).hasMessageContaining("build");
    }

    @Test
    void ordersByAllPartsAndCanIgnoreTheBuild() {
        assertThat(ImageVersion.parse("1.1.0")).isGreaterThan(ImageVersion.parse("1.0.9+9"));
        assertThat(ImageVersion.parse("1.1.0+2")).isGreaterThan(ImageVersion.parse("1.1.0+1"));
        assertThat(ImageVersion.parse("1.1.0+2").compareIgnoringBuild(ImageVersion.parse("1.1.0+1"))).isZero();
    }
}
