package dev.otalab.imagestore.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * RFC 7807 problem details, the body of every error response ({@value #MEDIA_TYPE}).
 *
 * <pre>{"type":"https://otalab.dev/problems/untrusted-image","title":"Untrusted image","status":422,
 *  "detail":"No signature found for the given key (keys tried: otalab-test-ec-p256)","instance":"/api/v1/images"}</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 7807 problem details")
public record Problem(
        @Schema(description = "stable URI naming the kind of problem", example = ProblemType.PREFIX + "untrusted-image")
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

    /** For a status raised by the framework: its {@link ProblemType}, else {@code about:blank} (RFC 7807 §4.2). */
    public static Problem forStatus(int status, String detail, String instance) {
        ProblemType type = ProblemType.forStatus(status);
        return type != null ? new Problem(type.uri(), type.title(), status, detail, instance)
                : new Problem("about:blank", "HTTP " + status, status, detail, instance);
    }
}
