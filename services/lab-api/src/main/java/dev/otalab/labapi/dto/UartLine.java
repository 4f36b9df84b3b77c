package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * One console line: {@code {"seq":42,"timestamp":"2025-06-01T10:15:30.123Z","text":"[INF] MCUboot Bootloader Started"}}.
 *
 * <p>Lines are numbered per board from 1, without gaps, in arrival order, for as long as the agent
 * (or emulated board) lives; numbering restarts only when the agent restarts or the board is
 * re-created. Sequence 0 means "before the first line", so {@code since=0} asks for everything
 * still retained.
 *
 * @param seq line number, &gt;= 1
 * @param timestamp when the line's last byte was received (ISO-8601 UTC; needs Jackson's
 *        JavaTimeModule, which Quarkus registers)
 * @param text the line without its terminator ({@code \n}, {@code \r\n} or {@code \n\r}); other
 *        control characters such as ANSI escapes are kept
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UartLine(
        long seq,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant timestamp,
        String text) {

    public UartLine {
        Checks.range(seq, "seq", 1, Long.MAX_VALUE);
        Checks.required(timestamp, "timestamp");
        if (text == null) {
            throw new IllegalArgumentException("text is required (it may be empty: firmware prints blank lines)");
        }
    }
}
