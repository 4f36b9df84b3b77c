package dev.otalab.jobs.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * RFC 7807 problem details, the body of every error response ({@value #MEDIA_TYPE}).
 *
 * <pre>{"type":"https://otalab.dev/problems/unknown-image","title":"Unknown image","status":422,
 *  "detail":"image-store has no image 3f…","instance":"/api/v1/jobs/APP_CY8CPROTO_062S2_43439"}</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 7807 problem details")
public record Problem(
        @Schema(description = "stable URI naming the kind of problem", example = ProblemType.PREFIX + "invalid-board")
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

    public static Problem forStatus(int status, String detail, String instance) {
        ProblemType type = ProblemType.forStatus(status);
        return type != null ? new Problem(type.uri(), type.title(), status, detail, instance)
                : new Problem("about:blank", "HTTP " + status, status, detail, instance);
    }
}
