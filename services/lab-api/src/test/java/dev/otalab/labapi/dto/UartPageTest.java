package dev.otalab.labapi.dto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UartPageTest {

    /** A ring buffer that kept seq 11..20 of 20 lines. */
    private static final List<UartLine> RETAINED = new ArrayList<>();

    static {
        for (long s = 11; s <= 20; s++) {
            RETAINED.add(new UartLine(s, Instant.EPOCH.plusSeconds(s), "line " + s));
        }
    }

    @Test
    void returnsLinesAfterSinceUpToLimit() {
        UartPage p = UartPage.slice(RETAINED, 20, 14, 3);
        assertThat(p.lines()).extracting(UartLine::seq).containsExactly(15L, 16L, 17L);
        assertThat(p.nextSince()).isEqualTo(17);
        assertThat(p.latestSeq()).isEqualTo(20);
        assertThat(p.dropped()).isZero();
        assertThat(p.hasMore()).isTrue();
    }

    @Test
    void countsLinesLostFromTheRingBuffer() {
        UartPage p = UartPage.slice(RETAINED, 20, 0, 1000);
        assertThat(p.lines()).hasSize(10);
        assertThat(p.dropped()).isEqualTo(10);
        assertThat(UartPage.slice(RETAINED, 20, 5, 1000).dropped()).isEqualTo(5);
        assertThat(UartPage.slice(List.of(), 20, 5, 1000).dropped()).isEqualTo(15);
    }

    @Test
    void caughtUpOrAheadGivesAnEmptyPage() {
        UartPage p = UartPage.slice(RETAINED, 20, 20, 10);
        assertThat(p.lines()).isEmpty();
        assertThat(p.nextSince()).isEqualTo(20);
        assertThat(p.hasMore()).isFalse();
        // since beyond latestSeq: the agent restarted; the client sees since > latestSeq
        UartPage restarted = UartPage.slice(RETAINED, 20, 500, 10);
        assertThat(restarted.lines()).isEmpty();
        assertThat(restarted.dropped()).isZero();
        assertThat(restarted.nextSince()).isGreaterThan(restarted.latestSeq());
    }

    @Test
    void rejectsBadParameters() {
        assertThatThrownBy(() -> UartPage.slice(RETAINED, 20, -1, 10)).hasMessageContaining("since must be between 0");
        assertThatThrownBy(() -> UartPage.slice(RETAINED, 20, 0, 0)).hasMessageContaining("limit must be between 1 and 10000");
    }
}
