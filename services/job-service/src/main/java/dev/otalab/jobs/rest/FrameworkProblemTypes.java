package dev.otalab.jobs.rest;

import dev.otalab.jobs.mapping.ProblemType;
import dev.otalab.rest.StandardProblemTypes;
import jakarta.enterprise.context.ApplicationScoped;

/** Framework errors carry our {@link ProblemType}s with the standard slugs (bad-request, not-found, ...). */
@ApplicationScoped
public class FrameworkProblemTypes extends StandardProblemTypes {

    public FrameworkProblemTypes() {
        super(ProblemType.values());
    }
}
