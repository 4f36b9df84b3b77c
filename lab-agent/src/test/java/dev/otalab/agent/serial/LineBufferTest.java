package dev.otalab.agent.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.labapi.dto.ExpectRequest;
import dev.otalab.labapi.dto.ExpectResult;
import dev.otalab.labapi.dto.ExpectStatus;
import dev.otalab.labapi.dto.UartLine;
import dev.otalab.labapi.dto.UartPage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LineBufferTest {

    private static List<String> texts(LineBuffer b) {
        return b.linesAfter(0).stream().map(UartLine::text).toList();
    }

    private static void feed(LineBuffer b, String s) {
        b.feed(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void cutsBootloaderAndAppLineEndingsAndKeepsBlankLines() {
        LineBuffer b = new LineBuffer(100);
        // bootloader: \n\r; app with LF->CRLF: \r\n; the OTA banner's blank line; embedded \r kept
        feed(b, "[INF] MCUboot Bootloader Started\n\r[INF] Rollback initiated at startup \r\n\n\r");
        feed(b, "=====\r\n\r\nTEST Application\r\n[Factory App] Version:1.0.0 CPU:CM4\r=====\r\n");
        assertThat(texts(b)).containsExactly(
                "[INF] MCUboot Bootloader Started",
                "[INF] Rollback initiated at startup ",
                "",
                "=====",
                "",
                "TEST Application",
                "[Factory App] Version:1.0.0 CPU:CM4\r=====");
        assertThat(b.linesAfter(0)).extracting(UartLine::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void linesMaySpanReadsAndUtf8MaySplitAcrossThem() {
        LineBuffer b = new LineBuffer(100);
        byte[] bytes = "Temp 23 °C\r\n\u001b[2J\u001b[;Hready\n".getBytes(StandardCharsets.UTF_8);
        for (byte x : bytes) {
            b.feed(new byte[] {x});
        }
        assertThat(texts(b)).containsExactly("Temp 23 °C", "\u001b[2J\u001b[;Hready");
    }

    @Test
    void flushEndsAPartialLineButNeverInventsABlankOne() {
        LineBuffer b = new LineBuffer(100);
        feed(b, "A\n\r");
        b.flush(); // only the framing \r is pending
        assertThat(texts(b)).containsExactly("A");
        feed(b, "[INF] Launching User App on CM4. Plea");
        b.flush();
        b.flush();
        assertThat(texts(b)).containsExactly("A", "[INF] Launching User App on CM4. Plea");
    }

    @Test
    void ringDropsTheOldestAndPagesCountThem() {
        LineBuffer b = new LineBuffer(3);
        for (int i = 1; i <= 5; i++) {
            feed(b, "line " + i + "\n");
        }
        UartPage page = b.page(0, 1000);
        assertThat(page.lines()).extracting(UartLine::text).containsExactly("line 3", "line 4", "line 5");
        assertThat(page.dropped()).isEqualTo(2);
        assertThat(page.latestSeq()).isEqualTo(5);
        assertThat(b.page(4, 1000).lines()).extracting(UartLine::seq).containsExactly(5L);
    }

    @Test
    void overlongLinesAreCut() {
        LineBuffer b = new LineBuffer(10);
        b.feed(new byte[LineBuffer.MAX_LINE_BYTES + 10]);
        assertThat(b.latestSeq()).isEqualTo(1);
        assertThat(b.linesAfter(0).get(0).text()).hasSize(LineBuffer.MAX_LINE_BYTES);
    }

    @Test
    void expectMatchesRetainedAndArrivingLines() throws Exception {
        LineBuffer b = new LineBuffer(100);
        feed(b, "boot\nTEST Application: OTA Update version: 1.2.0\n");
        ExpectResult r = b.expect(new ExpectRequest("version: (?<major>\\d+)\\.(\\d+)", List.of(), 0L, 0L));
        assertThat(r.status()).isEqualTo(ExpectStatus.MATCHED);
        assertThat(r.line().seq()).isEqualTo(2);
        assertThat(r.groups()).containsEntry("major", "1").containsEntry("2", "2");

        long before = b.latestSeq();
        CompletableFuture<ExpectResult> later = CompletableFuture.supplyAsync(
                () -> b.expect(new ExpectRequest("Started", List.of(), before, 5000L)));
        Thread.sleep(100);
        assertThat(later).isNotDone();
        feed(b, "noise\n[INF] MCUboot Bootloader Started\n");
        ExpectResult r2 = later.get();
        assertThat(r2.status()).isEqualTo(ExpectStatus.MATCHED);
        assertThat(r2.lastSeq()).isEqualTo(4);
    }

    @Test
    void expectNotMatchingWinsAndTimeoutReportsTheCursor() {
        LineBuffer b = new LineBuffer(100);
        feed(b, "[ERR] Invalid image magic 0xffffffff ! Started\n");
        ExpectResult r = b.expect(new ExpectRequest("Started", List.of("\\[ERR\\]"), 0L, 0L));
        assertThat(r.status()).isEqualTo(ExpectStatus.NOT_MATCHING);
        assertThat(r.notMatchingPattern()).isEqualTo("\\[ERR\\]");

        long t0 = System.nanoTime();
        ExpectResult t = b.expect(new ExpectRequest("never", List.of(), 0L, 300L));
        assertThat(t.status()).isEqualTo(ExpectStatus.TIMEOUT);
        assertThat(t.lastSeq()).isEqualTo(1);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);

        assertThatThrownBy(() -> b.expect(new ExpectRequest("(", List.of(), 0L, 0L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid regular expression");
    }

    @Test
    void subscribersGetTheReplayThenLiveLinesWithoutGapsOrRepeats() {
        LineBuffer b = new LineBuffer(2);
        feed(b, "1\n2\n3\n");
        List<String> got = new ArrayList<>();
        List<Long> dropped = new ArrayList<>();
        AutoCloseable sub = b.subscribe(0, new LineBuffer.Listener() {
            @Override
            public void onLine(UartLine line) {
                got.add(line.seq() + ":" + line.text());
            }

            @Override
            public void onDropped(long count) {
                dropped.add(count);
            }
        });
        feed(b, "4\n");
        assertThat(dropped).containsExactly(1L);
        assertThat(got).containsExactly("2:2", "3:3", "4:4");
    }
}
