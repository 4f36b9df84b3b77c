package dev.otalab.controller.rest;

import dev.otalab.labapi.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** A problem+json answer thrown from resource code. */
public class ProblemResponse extends WebApplicationException {

    public static final String PLAN_NOT_FOUND = "https://otalab.dev/problems/plan-not-found";
    public static final String RUN_NOT_FOUND = "https://otalab.dev/problems/run-not-found";
    public static final String RUN_FINISHED = "https://otalab.dev/problems/run-finished";
    public static final String INVALID_PLAN = "https://otalab.dev/problems/invalid-plan";
    public static final String AGENT_NOT_FOUND = "https://otalab.dev/problems/agent-not-found";
    public static final String LEASE_NOT_FOUND = "https://otalab.dev/problems/lease-not-found";
    public static final String NO_BOARD_FREE = "https://otalab.dev/problems/no-board-free";
    public static final String BOARD_TAKEN = "https://otalab.dev/problems/board-taken";

    private final Problem problem;

    public ProblemResponse(Problem problem) {
        super(problem.detail(), normalise(problem).status());
        this.problem = normalise(problem);
    }

    private static Problem normalise(Problem p) {
        return switch (p.type()) {
            case PLAN_NOT_FOUND -> new Problem(p.type(), "Plan not found", 404, p.detail(), null);
            case RUN_NOT_FOUND -> new Problem(p.type(), "Run not found", 404, p.detail(), null);
            case RUN_FINISHED -> new Problem(p.type(), "Run already finished", 409, p.detail(), null);
            case INVALID_PLAN -> new Problem(p.type(), "Invalid plan", 400, p.detail(), null);
            case AGENT_NOT_FOUND -> new Problem(p.type(), "Agent not found", 404, p.detail(), null);
            case LEASE_NOT_FOUND -> new Problem(p.type(), "Lease not found", 404, p.detail(), null);
            case NO_BOARD_FREE -> new Problem(p.type(), "No board free", 409, p.detail(), null);
            case BOARD_TAKEN -> new Problem(p.type(), "Board belongs to another agent", 409, p.detail(), null);
            default -> p;
        };
    }

    public Problem problem() {
        return problem;
    }

    @Override
    public Response getResponse() {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
