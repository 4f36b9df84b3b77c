package dev.otalab.controller.rest;

import dev.otalab.controller.pool.BoardRepository;
import dev.otalab.controller.pool.PoolBoard;
import dev.otalab.labapi.Problem;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The board pool: every board with its health and lease; operators set MAINTENANCE and back to GOOD. */
@Path("/api/v1/boards")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class BoardResource {

    /** Body of {@code PUT /boards/{id}/health}. */
    public record HealthChange(String health, String detail) {
    }

    @Inject
    BoardRepository boards;

    @GET
    public List<PoolBoard> list() {
        return boards.list();
    }

    @GET
    @Path("/{id}")
    public PoolBoard get(@PathParam("id") String id) {
        return boards.find(id).orElseThrow(() -> new ProblemResponse(Problem.boardNotFound(id)));
    }

    /**
     * {@code {"health":"MAINTENANCE","detail":"why"}} takes the board out of scheduling;
     * {@code {"health":"GOOD"}} brings it back and forgets its infrastructure failures (a failing
     * health check or a lost agent still keep it out). Other values are 400.
     */
    @PUT
    @Path("/{id}/health")
    @Consumes(MediaType.APPLICATION_JSON)
    public PoolBoard setHealth(@PathParam("id") String id, com.fasterxml.jackson.databind.JsonNode json) {
        HealthChange body = StrictJson.read(json, HealthChange.class, "{health: MAINTENANCE | GOOD, detail?}");
        if (body.health() == null) {
            throw new ProblemResponse(Problem.badRequest("health: MAINTENANCE or GOOD is required"));
        }
        boolean maintenance = switch (body.health()) {
            case "MAINTENANCE" -> true;
            case "GOOD" -> false;
            default -> throw new ProblemResponse(Problem.badRequest("health: only MAINTENANCE or GOOD can be set, got '"
                    + body.health() + "' (BAD and UNKNOWN follow from health checks and heartbeats)"));
        };
        if (body.detail() != null && body.detail().length() > 1000) {
            throw new ProblemResponse(Problem.badRequest("detail: at most 1000 characters"));
        }
        if (!boards.setMaintenance(id, maintenance, maintenance ? body.detail() : null)) {
            throw new ProblemResponse(Problem.boardNotFound(id));
        }
        return get(id);
    }
}
