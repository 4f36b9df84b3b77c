package dev.otalab.rest;

/**
 * What the shared mappers need from a service: which of its problem types stands for an HTTP status
 * raised by the framework. Each service provides exactly one {@code @ApplicationScoped} bean.
 */
public interface ProblemCatalog {

    /**
     * The type for a status raised outside the service's code (framework 404, 405, 415, a Jackson
     * 400, a 413 body limit, an unexpected 500), or null for a status with no type of its own: the
     * answer is then {@code about:blank} (RFC 7807 §4.2). Must answer 400 and 500.
     */
    ProblemType forStatus(int status);

    /** The setting named in the 413 detail: the one operators change to raise the body limit. */
    default String bodyLimitProperty() {
        return "quarkus.http.limits.max-body-size";
    }
}
