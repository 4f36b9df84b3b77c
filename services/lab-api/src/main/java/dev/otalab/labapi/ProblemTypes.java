package dev.otalab.labapi;

import java.util.Map;

/**
 * Stable RFC 7807 {@code type} URIs of the lab API, with the HTTP status and title each one goes
 * with. Clients branch on the {@code type}, never on the {@code title} or {@code detail} text.
 *
 * <p>Not errors: an {@code expect} that times out or hits a {@code notMatching} pattern is a normal
 * {@code 200} {@code ExpectResult}; an LED that does not blink is a {@code LedState} with a null
 * period.
 */
public final class ProblemTypes {

    /** Prefix of every type URI. The URIs identify; they need not resolve. */
    public static final String BASE = "https://otalab.dev/problems/";

    /** 400: malformed JSON, a missing or out-of-range field or parameter, an invalid regex, an image that does not fit its area. */
    public static final String BAD_REQUEST = BASE + "bad-request";
    /** 404: no board with that id on this agent/emulator. */
    public static final String BOARD_NOT_FOUND = BASE + "board-not-found";
    /** 404: no such resource (path) other than a board. */
    public static final String NOT_FOUND = BASE + "not-found";
    /** 409: the board lacks the capability the operation needs (see {@link Capabilities}). */
    public static final String CAPABILITY_MISSING = BASE + "capability-missing";
    /** 409: the board's state forbids the operation (in MAINTENANCE, id already exists, area not in this flashmap, ...). */
    public static final String CONFLICT = BASE + "conflict";
    /** 415: wrong {@code Content-Type} (e.g. an image sent without {@code application/octet-stream}). */
    public static final String UNSUPPORTED_MEDIA_TYPE = BASE + "unsupported-media-type";
    /** 502: the service works but the hardware behind it failed (relay, GPIO, serial port, programmer). */
    public static final String HARDWARE_ERROR = BASE + "hardware-error";
    /** 500: a bug; the detail says what failed. */
    public static final String INTERNAL_ERROR = BASE + "internal-error";

    private record Meta(int status, String title) {
    }

    private static final Map<String, Meta> META = Map.of(
            BAD_REQUEST, new Meta(400, "Bad request"),
            BOARD_NOT_FOUND, new Meta(404, "Board not found"),
            NOT_FOUND, new Meta(404, "Not found"),
            CAPABILITY_MISSING, new Meta(409, "Capability missing"),
            CONFLICT, new Meta(409, "Conflict"),
            UNSUPPORTED_MEDIA_TYPE, new Meta(415, "Unsupported media type"),
            HARDWARE_ERROR, new Meta(502, "Hardware error"),
            INTERNAL_ERROR, new Meta(500, "Internal error"));

    private ProblemTypes() {
    }

    /** HTTP status that goes with {@code type}; 500 for a type not defined here. */
    public static int status(String type) {
        Meta m = META.get(type);
        return m == null ? 500 : m.status();
    }

    /** Short human title for {@code type}; "Error" for a type not defined here. */
    public static String title(String type) {
        Meta m = META.get(type);
        return m == null ? "Error" : m.title();
    }

    /** Whether {@code type} is one of the URIs defined here. */
    public static boolean isKnown(String type) {
        return META.containsKey(type);
    }
}
