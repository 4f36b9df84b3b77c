package dev.otalab.emulator.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.labapi.dto.ExpectRequest;
import dev.otalab.labapi.dto.ExpectResult;
import dev.otalab.labapi.dto.ExpectStatus;
import dev.otalab.labapi.dto.UartLine;
import dev.otalab.labapi.dto.UartPage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UartLogTest {

    private final UartLog log = new UartLog(Clock.systemUTC(), KitFixtures.SCHEDULER, KitFixtures.EXECUTOR, 5);

    private List<String> texts() {
        return log.lines().stream().map(UartLine::text).toList();
    }

    @Test
    void splitsTheStreamLikeATerminalReader() {
        log.print("[INF] MCUboot Bootloader Started\n\r");
        log.print("[INF] Rollback initiated at startup \r\n\n\r");
        log.print("[INF] MCUBoot Bootloader finished.\r\nDeinitializing hardware...\n\r");
        log.print("a\nb\nc\n");
        assertThat(texts()).as("a blank line is a line; the ring of 5 dropped the first three")
                .containsExactly("[INF] MCUBoot Bootloader finished.", "Deinitializing hardware...", "a", "b", "c");
        assertThat(log.page(0, 100).dropped()).isEqualTo(3);
        assertThat(log.latestSeq()).isEqualTo(8);
    }

    @Test
    void crlfBlankLinesAndInnerCarriageReturnsSurvive() {
        log.print("====\r\n\r\n\r\nWatchdog!!!\r\n");
        log.print("[Factory App] Version:1.0.0 IMAGE_TYPE:UPGRADE CPU:CM4_0\r====\r\n");
        assertThat(texts()).containsExactly("====", "", "", "Watchdog!!!",
                "[Factory App] Version:1.0.0 IMAGE_TYPE:UPGRADE CPU:CM4_0\r====");
    }

    @Test
    void partialLineWaitsForItsEndOrAFlush() {
        log.print("[INF] half");
        assertThat(log.latestSeq()).isZero();
        log.print(" line\n");
        assertThat(texts()).containsExactly("[INF] half line");
        log.print("\r");
        log.flush();
        log.flush();
        assertThat(log.latestSeq()).as("a flush of framing only, or of nothing, is no line").isEqualTo(1);
        log.print("  \n");
        assertThat(texts()).as("spaces before a \\n are a line").containsExactly("[INF] half line", "  ");
        log.print("cut off");
        log.flush();
        assertThat(texts()).containsExactly("[INF] half line", "  ", "cut off");
        assertThat(log.latestSeq()).isEqualTo(3);
    }

    @Test
    void pagesAreNumberedAndReportDrops() {
        for (int i = 1; i <= 8; i++) {
            log.print("line " + i + "\n");
        }
        UartPage p = log.page(0, 2);
        assertThat(p.lines()).extracting(UartLine::seq).containsExactly(4L, 5L);
        assertThat(p.dropped()).isEqualTo(3);
        assertThat(p.nextSince()).isEqualTo(5);
        assertThat(log.page(6, 100).lines()).extracting(UartLine::text).containsExactly("line 7", "line 8");
    }

    @Test
    void expectMatchesRetainedAndFutureLinesAndTimesOut() throws Exception {
        log.print("[INF] one\n");
        ExpectResult r = log.expect(ExpectRequest.of("one", 0)).get(1, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(ExpectStatus.MATCHED);
        assertThat(r.line().seq()).isEqualTo(1);

        CompletableFuture<ExpectResult> later = log.expect(
                new ExpectRequest("version: (\\d+)", List.of("\\[ERR\\]"), 1L, 2000L));
        assertThat(later).isNotDone();
        log.print("[INF] version: 7\n");
        r = later.get(1, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(ExpectStatus.MATCHED);
        assertThat(r.group("1")).isEqualTo("7");

        CompletableFuture<ExpectResult> failFast = log.expect(new ExpectRequest("never", List.of("\\[ERR\\]"), null, 2000L));
        log.print("[ERR] boom\n");
        assertThat(failFast.get(1, TimeUnit.SECONDS).status()).isEqualTo(ExpectStatus.NOT_MATCHING);

        long t0 = System.nanoTime();
        r = log.expect(new ExpectRequest("never", List.of(), null, 30L)).get(1, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(ExpectStatus.TIMEOUT);
        assertThat(r.lastSeq()).isEqualTo(3);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(25));

        assertThatThrownBy(() -> log.expect(ExpectRequest.of("(", 0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void subscribersGetTheReplayThenLiveLines() throws Exception {
        for (int i = 1; i <= 7; i++) {
            log.print("l" + i + "\n");
        }
        List<String> got = new ArrayList<>();
        long[] dropped = {0};
        AutoCloseable sub = log.subscribe(1, new UartListener() {
            @Override
            public void onLine(UartLine line) {
                got.add(line.seq() + ":" + line.text());
            }

            @Override
            public void onDropped(long count) {
                dropped[0] = count;
            }
        });
        log.print("l8\n");
        sub.close();
        log.print("l9\n");
        assertThat(dropped[0]).isEqualTo(1); // seq 2 is gone (ring keeps 3..7)
        assertThat(got).containsExactly("3:l3", "4:l4", "5:l5", "6:l6", "7:l7", "8:l8");
    }

    @Test
    void closeEndsPendingExpectsWithTimeout() throws Exception {
        CompletableFuture<ExpectResult> f = log.expect(new ExpectRequest("x", List.of(), null, 60_000L));
        log.close();
        assertThat(f.get(1, TimeUnit.SECONDS).status()).isEqualTo(ExpectStatus.TIMEOUT);
    }
}
