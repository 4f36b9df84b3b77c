package dev.otalab.labapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 7807 problem details, the body of every error response, sent as {@value #MEDIA_TYPE}.
 *
 * <pre>{"type":"https://otalab.dev/problems/board-not-found","title":"Board not found","status":404,
 *  "detail":"no board 'kit-9'","instance":"/api/v1/boards/kit-9"}</pre>
 *
 * @param type stable URI from {@link ProblemTypes}
 * @param title short summary of the type
 * @param status HTTP status code, repeated for clients that only see the body
 * @param detail what went wrong in this occurrence, for people
 * @param instance the request path, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem of a {@link ProblemTypes} type with its standard status and title. */
    public static Problem of(String type, String detail) {
        return new Problem(type, ProblemTypes.title(type), ProblemTypes.status(type), detail, null);
    }

    /**
     * A problem for an HTTP status produced outside the service's own code (framework 404, 405, 415,
     * a {@code WebApplicationException}): 400 {@code bad-request}, 404 {@code not-found}, 409
     * {@code conflict}, 415 {@code unsupported-media-type}, 502 {@code hardware-error}, other 5xx
     * {@code internal-error}; any other status gets {@code about:blank} (RFC 7807 §4.2) with the
     * status as title.
     */
    public static Problem forStatus(int status, String detail) {
        String type = switch (status) {
            case 400 -> ProblemTypes.BAD_REQUEST;
            case 404 -> ProblemTypes.NOT_FOUND;
            case 409 -> ProblemTypes.CONFLICT;
            case 415 -> ProblemTypes.UNSUPPORTED_MEDIA_TYPE;
            case 502 -> ProblemTypes.HARDWARE_ERROR;
            default -> status >= 500 && status <= 599 ? ProblemTypes.INTERNAL_ERROR : null;
        };
        if (type == null) {
            return new Problem("about:blank", "HTTP " + status, status, detail, null);
        }
        return new Problem(type, ProblemTypes.title(type), status, detail, null);
    }

    public static Problem badRequest(String detail) {
        return of(ProblemTypes.BAD_REQUEST, detail);
    }

    /**
     * A {@code bad-request} for an exception met while handling a request, typically a Jackson
     * exception wrapping the {@link IllegalArgumentException} a DTO constructor or a lower-case
     * enum threw. The detail is the message of the outermost {@code IllegalArgumentException} in
     * the cause chain (ours, e.g. "action must be one of on|off|cycle, got 'reboot'", rather than a
     * {@code PatternSyntaxException} it wraps), else the first line of {@code e}'s own message
     * (Jackson's syntax errors name the position).
     */
    public static Problem badRequest(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getMessage() != null) {
                return badRequest(t.getMessage());
            }
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return badRequest(nl < 0 ? m : m.substring(0, nl));
    }

    public static Problem boardNotFound(String boardId) {
        return of(ProblemTypes.BOARD_NOT_FOUND, "no board '" + boardId + "'");
    }

    public static Problem capabilityMissing(String boardId, String capability) {
        return of(ProblemTypes.CAPABILITY_MISSING, "board '" + boardId + "' has no '" + capability + "' capability");
    }

    /** The same problem with {@code instance} set (typically the request path). */
    public Problem withInstance(String instance) {
        return new Problem(type, title, status, detail, instance);
    }
}
