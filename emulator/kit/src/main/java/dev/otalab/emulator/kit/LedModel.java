package dev.otalab.emulator.kit;

import dev.otalab.labapi.dto.LedState;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The user LED, computed analytically: the firmware's LED behaviour is a sequence of segments
 * (steady on/off, or blinking from a start time with a toggle period), so no timer runs per
 * toggle. A blinking segment starts with the LED off and toggles at {@code start + k·period},
 * k ≥ 1, as {@code cyhal_system_delay_ms(period); cyhal_gpio_toggle(LED)} does.
 *
 * <p>History older than {@link #HISTORY_MS} is forgotten. Thread-safe.
 */
final class LedModel {

    /** How far back observations can look (the longest LED window plus a margin). */
    static final long HISTORY_MS = LedState.MAX_WINDOW_MS + 60_000;

    /** A segment from {@code start} (inclusive) until the next segment starts. */
    private record Segment(long start, long periodMs, boolean initialOn) {

        /** Toggles in {@code (start, t]}, for t ≥ start. */
        long togglesUpTo(long t) {
            return periodMs == 0 || t <= start ? 0 : (t - start) / periodMs;
        }

        boolean stateAt(long t) {
            return initialOn ^ (togglesUpTo(t) % 2 == 1);
        }
    }

    private final ArrayDeque<Segment> segments = new ArrayDeque<>();

    LedModel(long nowMs) {
        segments.add(new Segment(nowMs, 0, false));
    }

    /** The LED stays {@code on} from now on. */
    synchronized void steady(boolean on, long nowMs) {
        add(new Segment(nowMs, 0, on), nowMs);
    }

    /** The LED starts off now and toggles every {@code periodMs}. */
    synchronized void blink(long periodMs, long nowMs) {
        if (periodMs < 1) {
            throw new IllegalArgumentException("blink period must be >= 1 ms, got " + periodMs);
        }
        add(new Segment(nowMs, periodMs, false), nowMs);
    }

    /** Whether the LED is lit at {@code t}. */
    synchronized boolean isOn(long t) {
        Segment s = segmentAt(t);
        return s != null && s.stateAt(t);
    }

    /**
     * The LED as watched during {@code (from, to]}: state at {@code to}, edges in the window and
     * their mean spacing, exactly as {@link LedState#fromEdges} would compute from the edge list.
     */
    synchronized LedState observe(long from, long to) {
        if (to < from) {
            throw new IllegalArgumentException("window ends before it starts");
        }
        long window = to - from;
        int edges = 0;
        long first = 0;
        long last = 0;
        Segment prev = null;
        Iterator<Segment> it = segments.iterator();
        Segment cur = it.hasNext() ? it.next() : null;
        while (cur != null) {
            Segment next = it.hasNext() ? it.next() : null;
            long end = next == null ? Long.MAX_VALUE : next.start();
            // boundary edge at cur.start
            if (prev != null && cur.start() > from && cur.start() <= to
                    && prev.stateAt(cur.start() - 1) != cur.initialOn()) {
                if (edges == 0) {
                    first = cur.start();
                }
                last = cur.start();
                edges++;
            }
            // toggles strictly inside (cur.start, end), within (from, to]
            if (cur.periodMs() > 0) {
                long p = cur.periodMs();
                long lo = Math.max(from, cur.start());            // t > lo
                long hi = Math.min(to, end == Long.MAX_VALUE ? to : end - 1); // t <= hi
                if (hi > lo) {
                    long kMin = (lo - cur.start()) / p + 1;
                    long kMax = (hi - cur.start()) / p;
                    if (kMax >= kMin) {
                        long n = kMax - kMin + 1;
                        if (edges == 0) {
                            first = cur.start() + kMin * p;
                        }
                        last = cur.start() + kMax * p;
                        edges = (int) Math.min(Integer.MAX_VALUE, edges + n);
                    }
                }
            }
            prev = cur;
            cur = next;
        }
        Long period = edges >= 2 ? Math.round((double) (last - first) / (edges - 1)) : null;
        Segment at = segmentAt(to);
        boolean on = at != null && at.stateAt(to);
        return new LedState(on, period, window, edges);
    }

    private Segment segmentAt(long t) {
        Segment found = null;
        for (Segment s : segments) {
            if (s.start() <= t) {
                found = s;
            } else {
                break;
            }
        }
        return found;
    }

    private void add(Segment s, long nowMs) {
        // a new segment replaces any that would start at the same instant
        while (!segments.isEmpty() && segments.peekLast().start() >= s.start()) {
            segments.removeLast();
        }
        segments.addLast(s);
        while (segments.size() > 1) {
            Iterator<Segment> it = segments.iterator();
            it.next();
            Segment second = it.next();
            if (second.start() < nowMs - HISTORY_MS) {
                segments.removeFirst();
            } else {
                break;
            }
        }
    }
}
