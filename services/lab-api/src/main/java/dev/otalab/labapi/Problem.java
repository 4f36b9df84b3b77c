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

    public static Problem badRequest(String detail) {
        return of(ProblemTypes.BAD_REQUEST, detail);
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
