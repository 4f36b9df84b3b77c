package dev.otalab.signing.rest;

import dev.otalab.signing.mapping.ProblemType;
import dev.otalab.rest.ProblemCatalog;
import jakarta.enterprise.context.ApplicationScoped;

/** Which of our {@link ProblemType}s the shared mappers use for a status the framework raised. */
@ApplicationScoped
public class FrameworkProblemTypes implements ProblemCatalog {

    @Override
    public ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> ProblemType.BAD_REQUEST;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ProblemType.SERVICE_UNAVAILABLE;
            default -> status >= 500 && status <= 599 ? ProblemType.INTERNAL_ERROR : null;
        };
    }
}
