package dev.otalab.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DownloadWindowsTest {

    @Test
    void overlappingDownloadsCountOnceAndGapsNotAtAll() {
        long s = 1_000_000_000L;
        // [1,3] and [2,4] overlap -> 3 s; [10,11] -> 1 s; the gap 4..10 is not counted; an unfinished one is ignored
        long[] start = {1 * s, 2 * s, 10 * s, 5 * s};
        long[] end = {3 * s, 4 * s, 11 * s, 0};
        assertThat(DownloadWindows.unionSeconds(start, end)).isEqualTo(4.0);
    }

    @Test
    void nothingFinishedIsZero() {
        assertThat(DownloadWindows.unionSeconds(new long[] {5}, new long[] {0})).isZero();
    }
}
