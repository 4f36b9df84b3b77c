package dev.otalab.controller.rest;

import dev.otalab.controller.plan.Plan;
import dev.otalab.controller.plan.PlanException;
import dev.otalab.controller.plan.PlanParser;
import dev.otalab.controller.plan.PlanRegistry;
import dev.otalab.labapi.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Plans: list, describe, validate a plan file. */
@Path("/api/v1/plans")
@Produces(MediaType.APPLICATION_JSON)
public class PlanResource {

    public record PlanSummary(String name, String description, Plan.BoardRequirements board, List<String> images,
            List<String> cases) {
        static PlanSummary of(Plan p) {
            return new PlanSummary(p.name(), p.description(), p.board(), List.copyOf(p.images().keySet()),
                    p.cases().stream().map(Plan.TestCase::name).toList());
        }
    }

    public record PlanList(List<PlanSummary> plans, List<PlanRegistry.Rejected> rejected) {
    }

    @Inject
    PlanRegistry registry;

    @GET
    public PlanList list() {
        return new PlanList(registry.all().stream().map(PlanSummary::of).toList(), registry.rejected());
    }

    @GET
    @Path("/{name}")
    public PlanSummary get(@PathParam("name") String name) {
        return registry.find(name).map(PlanSummary::of).orElseThrow(() -> new ProblemResponse(
                Problem.of(ProblemResponse.PLAN_NOT_FOUND, "no plan named '" + name + "'")));
    }

    /** Validates a plan file (YAML body) without storing it: 200 with its summary, or 400 naming the field. */
    @POST
    @Path("/validate")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    public PlanSummary validate(String yaml) {
        try {
            return PlanSummary.of(PlanParser.parse(yaml == null ? "" : yaml));
        } catch (PlanException e) {
            throw new ProblemResponse(Problem.of(ProblemResponse.INVALID_PLAN, e.getMessage()));
        }
    }
}
