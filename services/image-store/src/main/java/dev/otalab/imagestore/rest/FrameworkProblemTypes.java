package dev.otalab.imagestore.rest;

import dev.otalab.imagestore.mapping.ProblemType;
import dev.otalab.rest.StandardProblemTypes;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Framework errors carry our {@link ProblemType}s with the standard slugs (bad-request, not-found,
 * range-not-satisfiable, ...); a body past the limit is an image too large.
 */
@ApplicationScoped
public class FrameworkProblemTypes extends StandardProblemTypes {

    public FrameworkProblemTypes() {
        super(ProblemType.values());
    }

    @Override
    public dev.otalab.rest.ProblemType forStatus(int status) {
        return status == 413 ? ProblemType.IMAGE_TOO_LARGE : super.forStatus(status);
    }

    /** The body limit is the image size limit ({@code quarkus.http.limits.max-body-size} follows it). */
    @Override
    public String bodyLimitProperty() {
        return "otalab.images.max-size";
    }
}
