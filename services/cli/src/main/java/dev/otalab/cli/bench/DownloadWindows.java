package dev.otalab.cli.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Wall time covered by a set of intervals (downloads running at once count once). */
final class DownloadWindows {

    private DownloadWindows() {
    }

    /**
     * Seconds covered by the intervals {@code [start[i], end[i]]} (nanoTime values); intervals with a
     * missing start or end (0) or that end before they start are ignored.
     */
    static double unionSeconds(long[] start, long[] end) {
        List<long[]> spans = new ArrayList<>();
        for (int i = 0; i < start.length; i++) {
            if (start[i] != 0 && end[i] != 0 && end[i] >= start[i]) {
                spans.add(new long[] {start[i], end[i]});
            }
        }
        spans.sort(Comparator.comparingLong(s -> s[0]));
        long total = 0;
        long from = 0;
        long to = 0;
        boolean open = false;
        for (long[] s : spans) {
            if (open && s[0] <= to) {
                to = Math.max(to, s[1]);
                continue;
            }
            if (open) {
                total += to - from;
            }
            from = s[0];
            to = s[1];
            open = true;
        }
        if (open) {
            total += to - from;
        }
        return total / 1e9;
    }
}
