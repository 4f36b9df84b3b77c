package dev.otalab.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * RFC 7807 problem details, the body of every error response ({@value #MEDIA_TYPE}).
 *
 * <pre>{"type":"https://otalab.dev/problems/unknown-key","title":"Unknown key","status":404,
 *  "detail":"no key 'prod-2'; known keys: otalab-test-ec-p256","instance":"/api/v1/sign"}</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 7807 problem details")
public record Problem(
        @Schema(description = "stable URI naming the kind of problem", example = ProblemType.PREFIX + "bad-request")
        String type,
        String title,
        int status,
        @Schema(description = "what went wrong this time, one line")
        String detail,
        @Schema(description = "request path")
        String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ProblemType type, String detail, String instance) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance);
    }

    /** For {@code status}: {@code type} with that status, or {@code about:blank} when type is null. */
    public static Problem forStatus(ProblemType type, int status, String detail, String instance) {
        return type != null ? new Problem(type.uri(), type.title(), status, detail, instance)
                : new Problem("about:blank", "HTTP " + status, status, detail, instance);
    }

    /** This problem as the response: its status, {@value #MEDIA_TYPE}. */
    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
