package dev.otalab.labapi.uart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.otalab.labapi.dto.ExpectRequest;
import dev.otalab.labapi.dto.ExpectResult;
import dev.otalab.labapi.dto.ExpectStatus;
import dev.otalab.labapi.dto.UartLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UartMatcherTest {

    private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

    /** Lines numbered from {@code firstSeq}. */
    private static List<UartLine> lines(long firstSeq, String... texts) {
        List<UartLine> out = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            out.add(new UartLine(firstSeq + i, T0.plusMillis(i), texts[i]));
        }
        return out;
    }

    private static ExpectRequest req(String pattern, List<String> notMatching, Long sinceSeq) {
        return new ExpectRequest(pattern, notMatching, sinceSeq, 1000L);
    }

    @Test
    void matchExtractsNumberedThenNamedGroups() {
        List<UartLine> console = lines(1,
                "===============================================================",
                "TEST Application: OTA Update version: 1.2.0",
                "===============================================================");
        ExpectRequest r = req("OTA Update version: (?<major>\\d+)\\.(\\d+)\\.(?<patch>\\d+)", List.of(), 0L);

        ExpectResult res = UartMatcher.evaluate(r, 3, console).orElseThrow();

        assertThat(res.status()).isEqualTo(ExpectStatus.MATCHED);
        assertThat(res.line()).isEqualTo(console.get(1));
        assertThat(res.lastSeq()).isEqualTo(2);
        assertThat(res.notMatchingPattern()).isNull();
        assertThat(res.groups()).containsExactly(
                entry("0", "OTA Update version: 1.2.0"),
                entry("1", "1"), entry("2", "2"), entry("3", "0"),
                entry("major", "1"), entry("patch", "0"));
    }

    @Test
    void groupThatDidNotTakePartIsNull() {
        ExpectRequest r = req("Start slot Address: 0x(?<addr>[0-9a-f]+)(?<suffix> !)?", List.of(), 0L);
        ExpectResult res = UartMatcher.evaluate(r, 1, lines(1, "[INF] Start slot Address: 0x10018400")).orElseThrow();
        assertThat(res.groups()).containsEntry("addr", "10018400").containsEntry("suffix", null).containsEntry("2", null);
    }

    @Test
    void notMatchingLineBeforeTheExpectedOneFailsFast() {
        List<UartLine> console = lines(10,
                "[INF] MCUboot Bootloader Started",
                "[ERR] Invalid image magic 0xffffffff !",
                "[INF] Application validated successfully !");
        ExpectRequest r = req("validated successfully", List.of("Booting of .* failed", "\\[ERR\\] (?<what>.*) 0x(\\w+)"), 0L);

        ExpectResult res = UartMatcher.evaluate(r, 12, console).orElseThrow();

        assertThat(res.status()).isEqualTo(ExpectStatus.NOT_MATCHING);
        assertThat(res.line().seq()).isEqualTo(11);
        assertThat(res.notMatchingPattern()).isEqualTo("\\[ERR\\] (?<what>.*) 0x(\\w+)");
        assertThat(res.groups()).containsEntry("what", "Invalid image magic").containsEntry("2", "ffffffff");
        assertThat(res.lastSeq()).isEqualTo(11);
    }

    @Test
    void expectedLineBeforeANotMatchingOneWins() {
        List<UartLine> console = lines(1, "[INF] Application validated successfully !", "[ERR] Booting of User App failed");
        ExpectResult res = UartMatcher.evaluate(req("validated", List.of("\\[ERR\\]"), 0L), 2, console).orElseThrow();
        assertThat(res.status()).isEqualTo(ExpectStatus.MATCHED);
        assertThat(res.line().seq()).isEqualTo(1);
    }

    @Test
    void onOneLineNotMatchingWins() {
        ExpectResult res = UartMatcher.evaluate(req("Factory app", List.of("validation failed"), 0L), 1,
                lines(1, "[ERR] Factory app validation failed")).orElseThrow();
        assertThat(res.status()).isEqualTo(ExpectStatus.NOT_MATCHING);
        assertThat(res.notMatchingPattern()).isEqualTo("validation failed");
    }

    @Test
    void sinceSeqIsRespectedAndLinesArriveLater() {
        List<UartLine> console = new ArrayList<>(lines(1, "[INF] MCUboot Bootloader Started", "blink", "[ERR] old failure"));
        // a test noted latestSeq=3 before power cycling: the stale lines 1..3 must not decide
        UartMatcher m = UartMatcher.start(req("Bootloader Started", List.of("\\[ERR\\]"), 3L), 3);
        assertThat(m.offer(console)).isEmpty();
        assertThat(m.cursor()).isEqualTo(3);

        console.addAll(lines(4, "[INF] \u001b[2J\u001b[;H"));
        assertThat(m.offer(console)).isEmpty();
        assertThat(m.cursor()).isEqualTo(4);

        console.addAll(lines(5, "[INF] MCUboot Bootloader Started"));
        ExpectResult res = m.offer(console).orElseThrow();
        assertThat(res.status()).isEqualTo(ExpectStatus.MATCHED);
        assertThat(res.line().seq()).isEqualTo(5);
    }

    @Test
    void absentSinceSeqMeansOnlyLinesAfterTheRequest() {
        List<UartLine> console = lines(1, "ready", "ready");
        UartMatcher m = UartMatcher.start(req("ready", List.of(), null), 2);
        assertThat(m.offer(console)).isEmpty();
        assertThat(m.timeout()).isEqualTo(ExpectResult.timeout(2));

        // sinceSeq 0 looks at everything retained
        assertThat(UartMatcher.evaluate(req("ready", List.of(), 0L), 2, console)).map(ExpectResult::lastSeq).contains(1L);
    }

    @Test
    void linesAreNotExaminedTwiceAndTimeoutReportsTheCursor() {
        UartMatcher m = UartMatcher.start(req("never", List.of(), 0L), 0);
        List<UartLine> console = lines(1, "a", "b", "c");
        assertThat(m.offer(console)).isEmpty();
        assertThat(m.offer(console)).isEmpty();
        ExpectResult t = m.timeout();
        assertThat(t.status()).isEqualTo(ExpectStatus.TIMEOUT);
        assertThat(t.lastSeq()).isEqualTo(3);
        assertThat(t.line()).isNull();
        assertThat(t.groups()).isEmpty();
    }

    @Test
    void matchingIsASearchWithinTheLine() {
        Optional<ExpectResult> res = UartMatcher.evaluate(req("(?i)user led toggles at (\\d+) msec", List.of(), 0L), 1,
                lines(1, "[Blinky App] User LED toggles at 250 msec interval"));
        assertThat(res).map(r -> r.group("1")).contains("250");
        assertThat(UartMatcher.evaluate(req("^toggles", List.of(), 0L), 1, lines(1, "LED toggles"))).isEmpty();
    }

    @Test
    void invalidRegexIsAClearIllegalArgument() {
        assertThatThrownBy(() -> UartMatcher.validate(req("Version: (\\d+", List.of(), 0L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid regular expression in pattern: Unclosed group at index 13 in 'Version: (\\d+'");
        assertThatThrownBy(() -> UartMatcher.start(req("ok", List.of("fine", "[ERR"), 0L), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid regular expression in notMatching[1]: Unclosed character class")
                .hasMessageEndingWith("in '[ERR'");
        // a service maps it (possibly wrapped) to a 400 whose detail is this message, not the JDK's
        Throwable wrapped = new RuntimeException(org.assertj.core.api.Assertions.catchThrowable(
                () -> UartMatcher.validate(req("(oops", List.of(), 0L))));
        assertThat(dev.otalab.labapi.Problem.badRequest(wrapped).detail())
                .isEqualTo("invalid regular expression in pattern: Unclosed group at index 5 in '(oops'");
        assertThatThrownBy(() -> UartMatcher.validate(req("(?<1x>a)", List.of(), 0L)))
                .hasMessageContaining("invalid regular expression in pattern");
    }

    @Test
    void namedGroupScannerSkipsEscapesClassesQuotesAndLookbehinds() {
        Pattern p = Pattern.compile("\\(?<no1>x\\)[(?<no2>)]\\Q(?<no3>)\\E(?<=a)(?<!b)(?<g1>\\d)(?<Last>z)?");
        assertThat(UartMatcher.namedGroups(p)).containsExactly("g1", "Last");
        assertThat(UartMatcher.namedGroups(Pattern.compile("[]a(?<no>)](?<yes>.)"))).containsExactly("yes");
        assertThat(UartMatcher.namedGroups(Pattern.compile("(?<a>x)", Pattern.LITERAL))).isEmpty();
    }

    @Test
    void candidateNameThatIsNotAGroupIsDropped() {
        // in COMMENTS mode "# ..." is a comment: the scanner sees "(?<fake>", the matcher does not
        ExpectRequest r = req("(?x) v (?<real>\\d+)  # (?<fake>not a group)", List.of(), 0L);
        ExpectResult res = UartMatcher.evaluate(r, 1, lines(1, "v7")).orElseThrow();
        assertThat(res.groups()).containsOnlyKeys("0", "1", "real");
    }
}
