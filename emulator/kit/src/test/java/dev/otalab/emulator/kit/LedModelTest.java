package dev.otalab.emulator.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.labapi.dto.LedState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedModelTest {

    @Test
    void blinkingLedHasItsTogglePeriodAndEdgeCount() {
        LedModel led = new LedModel(0);
        led.blink(250, 1000);
        // toggles at 1250, 1500, ..., 3000 inside (1000, 3000]: 8 edges
        LedState s = led.observe(1000, 3000);
        assertThat(s.edges()).isEqualTo(8);
        assertThat(s.periodMs()).isEqualTo(250);
        assertThat(s.on()).isFalse(); // 8 toggles from off
        assertThat(led.isOn(1250)).isTrue();
        assertThat(led.isOn(1249)).isFalse();
    }

    @Test
    void steadyLedHasNoPeriod() {
        LedModel led = new LedModel(0);
        LedState s = led.observe(0, 3000);
        assertThat(s.edges()).isZero();
        assertThat(s.periodMs()).isNull();
        led.steady(true, 5000);
        s = led.observe(4000, 6000);
        assertThat(s.edges()).isEqualTo(1);
        assertThat(s.on()).isTrue();
        assertThat(s.periodMs()).isNull();
    }

    /** The analytic answer equals brute-force simulation across segment changes. */
    @Test
    void matchesABruteForceSimulation() {
        LedModel led = new LedModel(0);
        led.blink(7, 10);
        led.steady(true, 100);   // 90 ms of blinking, then on
        led.blink(13, 150);      // starts off: an edge at 150
        led.steady(false, 400);
        for (long from = 0; from < 420; from += 11) {
            for (long to = from; to < 450; to += 17) {
                List<Long> edges = new ArrayList<>();
                boolean prev = simulate(0);
                for (long t = 1; t <= to; t++) {
                    boolean now = simulate(t);
                    if (now != prev && t > from) {
                        edges.add(t);
                    }
                    prev = now;
                }
                LedState expected = LedState.fromEdges(simulate(to), edges, to - from);
                assertThat(led.observe(from, to)).as("(%d, %d]", from, to).isEqualTo(expected);
            }
        }
    }

    private static boolean simulate(long t) {
        if (t < 10) {
            return false;
        }
        if (t < 100) {
            return ((t - 10) / 7) % 2 == 1;
        }
        if (t < 150) {
            return true;
        }
        if (t < 400) {
            return ((t - 150) / 13) % 2 == 1;
        }
        return false;
    }
}
