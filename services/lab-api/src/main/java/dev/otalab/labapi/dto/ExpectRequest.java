package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Body of {@code POST /boards/{id}/uart/expect}: wait until a console line matches {@code pattern},
 * failing fast if a line matches one of {@code notMatching} first.
 *
 * <pre>{"pattern":"Version: (?&lt;major&gt;\\d+)\\.(\\d+)","notMatching":["\\[ERR\\]"],"sinceSeq":120,"timeoutMs":5000}</pre>
 *
 * Patterns are {@link java.util.regex.Pattern} regular expressions, searched within each line
 * ({@code find}, so no {@code .*} is needed; anchor with {@code ^}/{@code $} if wanted; inline flags
 * such as {@code (?i)} work). A pattern never spans two lines. When one line matches both
 * {@code pattern} and a {@code notMatching} pattern, {@code notMatching} wins.
 *
 * @param pattern the expected line's regex, required
 * @param notMatching regexes that end the wait with {@code NOT_MATCHING}; may be empty
 * @param sinceSeq consider only lines with {@code seq > sinceSeq}; 0 = every retained line; absent =
 *        only lines that arrive after the request is received. To avoid a race, note
 *        {@code latestSeq} (from {@code GET /uart}) before you act (power cycle, press), then expect
 *        with that {@code sinceSeq}.
 * @param timeoutMs how long to wait, 0..{@value #MAX_TIMEOUT_MS} (default {@value #DEFAULT_TIMEOUT_MS});
 *        0 only checks lines already received. Configure HTTP client read timeouts above this.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExpectRequest(String pattern, List<String> notMatching, Long sinceSeq, Long timeoutMs) {

    public static final long DEFAULT_TIMEOUT_MS = 10_000;
    public static final long MAX_TIMEOUT_MS = 600_000;

    public ExpectRequest {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("pattern is required");
        }
        notMatching = Checks.list(notMatching, "notMatching");
        Checks.range(sinceSeq, "sinceSeq", 0, Long.MAX_VALUE);
        Checks.range(timeoutMs, "timeoutMs", 0, MAX_TIMEOUT_MS);
        timeoutMs = timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs;
    }

    /** Expect {@code pattern} among lines after {@code sinceSeq}, with the default timeout. */
    public static ExpectRequest of(String pattern, long sinceSeq) {
        return new ExpectRequest(pattern, List.of(), sinceSeq, null);
    }

    /** The effective cursor: {@code sinceSeq}, or the board's {@code latestSeq} when it is absent. */
    public long resolveSince(long latestSeq) {
        return sinceSeq != null ? sinceSeq : latestSeq;
    }
}
