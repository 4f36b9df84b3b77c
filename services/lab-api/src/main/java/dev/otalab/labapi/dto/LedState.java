package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Answer of {@code GET /boards/{id}/led?windowMs=3000}: the user LED watched for {@code windowMs}.
 *
 * <pre>{"on":true,"periodMs":250,"windowMs":3000,"edges":12}
 *{"on":false,"windowMs":3000,"edges":0}</pre>
 *
 * <p><b>{@code periodMs} is the toggle interval</b>: the mean time between consecutive edges (on→off
 * or off→on), i.e. half of a full on/off cycle. It is the number the firmware quotes ("User LED
 * toggles at 250 msec interval", the emulator's {@code blinkMs}), so a test compares like with like.
 *
 * @param on LED state at the end of the window
 * @param periodMs mean interval between edges in the window, rounded to the millisecond; null with
 *        fewer than two edges (steady LED, or a window shorter than two toggles)
 * @param windowMs how long the LED was watched
 * @param edges number of state changes seen in the window
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LedState(boolean on, Long periodMs, long windowMs, int edges) {

    public static final long DEFAULT_WINDOW_MS = 3000;
    public static final long MAX_WINDOW_MS = 60_000;

    public LedState {
        Checks.range(windowMs, "windowMs", 0, MAX_WINDOW_MS);
        Checks.range(edges, "edges", 0, Integer.MAX_VALUE);
        Checks.range(periodMs, "periodMs", 0, Long.MAX_VALUE);
        if (periodMs != null && edges < 2) {
            throw new IllegalArgumentException("periodMs needs at least two edges");
        }
    }

    /**
     * Computes the state from edge times observed in a window.
     *
     * @param onAtEnd LED state at the end of the window
     * @param edgeTimesMs times of the edges within the window, ascending, in any millisecond time base
     * @param windowMs the window length
     */
    public static LedState fromEdges(boolean onAtEnd, List<Long> edgeTimesMs, long windowMs) {
        int n = edgeTimesMs.size();
        Long period = null;
        if (n >= 2) {
            long span = edgeTimesMs.get(n - 1) - edgeTimesMs.get(0);
            if (span < 0) {
                throw new IllegalArgumentException("edge times must be ascending");
            }
            period = Math.round((double) span / (n - 1));
        }
        return new LedState(onAtEnd, period, windowMs, n);
    }
}
