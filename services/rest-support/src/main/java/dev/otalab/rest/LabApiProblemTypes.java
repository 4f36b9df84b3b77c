package dev.otalab.rest;

/**
 * The catalogue of the services that speak the lab API (emulator, lab-agent): lab-api's
 * {@code ProblemTypes} for a framework status (400, 404, 409, 415, 502, other 5xx), {@code about:blank}
 * for the rest. Not a bean by itself (most services have no lab-api): such a service declares an
 * {@code @ApplicationScoped} subclass.
 */
public class LabApiProblemTypes implements ProblemCatalog {

    @Override
    public ProblemType forStatus(int status) {
        dev.otalab.labapi.Problem p = dev.otalab.labapi.Problem.forStatus(status, null);
        return "about:blank".equals(p.type()) ? null : ProblemType.of(p.type(), p.title(), p.status());
    }
}
