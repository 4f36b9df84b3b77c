package dev.otalab.labapi.uart;

/**
 * Constants and the resume rule of the UART server-sent-event stream
 * ({@link dev.otalab.labapi.UartStreamApi}).
 */
public final class UartSse {

    /** Event name of a console line; its {@code id} is the seq, its data a {@code UartLine} JSON. */
    public static final String EVENT_LINE = "line";
    /** Event name telling that lines were lost (ring buffer overrun); data = the count. */
    public static final String EVENT_DROPPED = "dropped";
    /** The header a reconnecting EventSource sends. */
    public static final String LAST_EVENT_ID = "Last-Event-ID";
    /** Servers send a keep-alive comment at least this often. */
    public static final int KEEPALIVE_SECONDS = 15;

    private UartSse() {
    }

    /**
     * Where a stream starts: lines with {@code seq >} the returned value are sent.
     * {@code Last-Event-ID} wins over {@code since}; with neither, only new lines.
     *
     * @param lastEventId the {@code Last-Event-ID} header or null
     * @param since the {@code since} query parameter or null
     * @param latestSeq the board's newest seq now
     * @throws IllegalArgumentException when either value is not a non-negative integer
     */
    public static long resumeAfter(String lastEventId, Long since, long latestSeq) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                long id = Long.parseLong(lastEventId.trim());
                if (id >= 0) {
                    return id;
                }
            } catch (NumberFormatException e) {
                // fall through
            }
            throw new IllegalArgumentException(
                    "Last-Event-ID must be a line seq (non-negative integer), got '" + lastEventId + "'");
        }
        if (since != null) {
            if (since < 0) {
                throw new IllegalArgumentException("since must be >= 0, got " + since);
            }
            return since;
        }
        return latestSeq;
    }
}
