package dev.otalab.imagestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.imagestore.mapping.ProblemType;
import dev.otalab.imagestore.service.ByteRange;
import dev.otalab.imagestore.service.ProblemException;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void forms() {
        assertThat(ByteRange.parse("bytes=0-4095", 10_000)).isEqualTo(new ByteRange(0, 4095, 10_000));
        assertThat(ByteRange.parse(" Bytes = 10 - 19 ", 100)).isEqualTo(new ByteRange(10, 19, 100));
        assertThat(ByteRange.parse("bytes=90-", 100)).isEqualTo(new ByteRange(90, 99, 100));
        assertThat(ByteRange.parse("bytes=90-500", 100)).isEqualTo(new ByteRange(90, 99, 100));
        assertThat(ByteRange.parse("bytes=-10", 100)).isEqualTo(new ByteRange(90, 99, 100));
        assertThat(ByteRange.parse("bytes=-1000", 100)).isEqualTo(new ByteRange(0, 99, 100));
        assertThat(ByteRange.parse("bytes=99-99", 100).length()).isEqualTo(1);
        assertThat(ByteRange.parse("bytes=0-4095", 10_000).contentRange()).isEqualTo("bytes 0-4095/10000");
    }

    @Test
    void refusals() {
        for (String bad : new String[] {"bytes=100-", "bytes=5-4", "bytes=-0", "bytes=a-b", "bytes=1-2,3-4", "lines=1-2",
                "bytes", "bytes=", "bytes=--1", "bytes=+1-2", "bytes=1-+2"}) {
            assertThatThrownBy(() -> ByteRange.parse(bad, 100)).as(bad).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).type()).isEqualTo(ProblemType.RANGE_NOT_SATISFIABLE));
        }
    }
}
