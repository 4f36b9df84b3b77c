package dev.otalab.cli.bench;

import java.util.Arrays;
import java.util.Locale;

/** p50/p99 of per-kit phase durations from nanoTime marks (0 = not reached, left out). */
final class Phases {

    private Phases() {
    }

    static String of(long start, long[] marks) {
        long[] from = new long[marks.length];
        Arrays.fill(from, start);
        return between(from, marks);
    }

    static String between(long[] from, long[] to) {
        double[] d = new double[from.length];
        int n = 0;
        for (int i = 0; i < from.length; i++) {
            if (from[i] != 0 && to[i] != 0 && to[i] >= from[i]) {
                d[n++] = (to[i] - from[i]) / 1e9;
            }
        }
        if (n == 0) {
            return "-";
        }
        Arrays.sort(d, 0, n);
        return String.format(Locale.ROOT, "%.2f/%.2f", d[(n - 1) / 2], d[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)]);
    }
}
