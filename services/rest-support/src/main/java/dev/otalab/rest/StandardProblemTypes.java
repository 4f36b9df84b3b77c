package dev.otalab.rest;

import java.util.HashMap;
import java.util.Map;

/**
 * The usual catalogue: for a status the framework raised, the service's own type with the standard
 * slug for it ({@code bad-request}, {@code not-found}, {@code method-not-allowed}, {@code not-acceptable},
 * {@code payload-too-large}, {@code unsupported-media-type}, {@code range-not-satisfiable},
 * {@code service-unavailable}; {@code internal-error} for any other 5xx), {@code about:blank} when the
 * service has no such type. A service subclasses it as an {@code @ApplicationScoped} bean with its types.
 */
public abstract class StandardProblemTypes implements ProblemCatalog {

    private static final Map<Integer, String> SLUGS = Map.of(
            400, "bad-request",
            404, "not-found",
            405, "method-not-allowed",
            406, "not-acceptable",
            413, "payload-too-large",
            415, "unsupported-media-type",
            416, "range-not-satisfiable",
            500, "internal-error",
            503, "service-unavailable");

    private final Map<Integer, ProblemType> byStatus = new HashMap<>();

    protected StandardProblemTypes(ProblemType... types) {
        SLUGS.forEach((status, slug) -> {
            for (ProblemType t : types) {
                if (t.uri().equals(ProblemType.PREFIX + slug)) {
                    byStatus.put(status, t);
                }
            }
        });
    }

    @Override
    public ProblemType forStatus(int status) {
        ProblemType type = byStatus.get(status);
        return type == null && status >= 500 && status <= 599 ? byStatus.get(500) : type;
    }
}
