package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * Answer of {@code GET /boards/{id}/uart?since=SEQ&limit=N}: the retained lines with
 * {@code seq > since}, oldest first, at most {@code limit} of them.
 *
 * <pre>{"lines":[{"seq":41,"timestamp":"...","text":"..."},{"seq":42,...}],"nextSince":42,"latestSeq":42,"dropped":0}</pre>
 *
 * Poll by passing {@code nextSince} back as {@code since}. If {@code since > latestSeq} the agent
 * restarted and numbering began again: start over from {@code since=0}.
 *
 * @param lines the lines, ascending {@code seq}
 * @param nextSince the {@code since} for the next call: the last returned seq, or the request's
 *        {@code since} when nothing was returned
 * @param latestSeq the newest line's seq on the board (0 when none yet); more lines wait when
 *        {@code nextSince < latestSeq}
 * @param dropped how many lines after {@code since} were already discarded from the board's ring
 *        buffer and cannot be returned
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UartPage(List<UartLine> lines, long nextSince, long latestSeq, long dropped) {

    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 10_000;

    public UartPage {
        lines = Checks.list(lines, "lines");
    }

    /** Whether more lines than this page holds are waiting. */
    @JsonIgnore
    public boolean hasMore() {
        return nextSince < latestSeq;
    }

    /**
     * Builds the page for a request from a board's retained lines.
     *
     * @param retained the lines the board still holds, ascending and gap-free {@code seq}
     * @param latestSeq the newest seq ever produced on the board (0 if none), which equals the last
     *        retained line's seq when any are retained
     * @param since the request's {@code since}, &gt;= 0
     * @param limit the request's {@code limit}, 1..{@value #MAX_LIMIT}
     * @throws IllegalArgumentException for an out-of-range {@code since} or {@code limit}
     */
    public static UartPage slice(List<UartLine> retained, long latestSeq, long since, int limit) {
        Checks.range(since, "since", 0, Long.MAX_VALUE);
        Checks.range(limit, "limit", 1, MAX_LIMIT);
        List<UartLine> out = new ArrayList<>(Math.min(limit, retained.size()));
        for (UartLine line : retained) {
            if (line.seq() > since) {
                if (out.size() == limit) {
                    break;
                }
                out.add(line);
            }
        }
        long oldestRetained = retained.isEmpty() ? latestSeq + 1 : retained.get(0).seq();
        long dropped = since >= latestSeq ? 0 : Math.max(0, oldestRetained - since - 1);
        long nextSince = out.isEmpty() ? since : out.get(out.size() - 1).seq();
        return new UartPage(out, nextSince, latestSeq, dropped);
    }
}
