package dev.otalab.controller.rest;

import dev.otalab.controller.lease.Lease;
import dev.otalab.controller.lease.LeaseService;
import dev.otalab.controller.pool.BoardSelector;
import dev.otalab.controller.pool.PoolSettings;
import dev.otalab.labapi.Problem;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Leases: people and CI jobs borrow pool boards the way runs do. */
@Path("/api/v1/leases")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class LeaseResource {

    /** Body of {@code POST /leases}: a selector (all parts optional), the holder and the TTL. */
    public record LeaseRequest(List<String> boards, String kit, String flashmap, List<String> capabilities,
            String holder, Integer ttlSeconds) {
    }

    @Inject
    LeaseService leases;
    @Inject
    PoolSettings settings;

    /** 201 with the lease (board id and URL), or 409 {@code no-board-free} saying why for each matching board. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response acquire(com.fasterxml.jackson.databind.JsonNode json) {
        LeaseRequest body = StrictJson.read(json, LeaseRequest.class,
                "{boards?, kit?, flashmap?, capabilities?, holder, ttlSeconds}");
        if (body.holder() == null || body.holder().isBlank() || body.holder().length() > 256) {
            throw new ProblemResponse(Problem.badRequest("holder: 1 to 256 characters naming who holds the board is required"));
        }
        if (body.ttlSeconds() == null || body.ttlSeconds() < 1 || body.ttlSeconds() > settings.maxLeaseTtlSeconds()) {
            throw new ProblemResponse(Problem.badRequest("ttlSeconds: 1.." + settings.maxLeaseTtlSeconds()
                    + " required, got " + body.ttlSeconds()));
        }
        BoardSelector selector = new BoardSelector(body.boards(), body.kit(), body.flashmap(), body.capabilities());
        Lease l;
        try {
            l = leases.acquire(selector, body.holder(), null, body.ttlSeconds());
        } catch (LeaseService.NoBoardFree e) {
            throw new ProblemResponse(Problem.of(ProblemResponse.NO_BOARD_FREE, e.getMessage()));
        }
        return Response.created(URI.create("/api/v1/leases/" + l.id())).entity(l).build();
    }

    @GET
    public List<Lease> list() {
        return leases.list();
    }

    @GET
    @Path("/{id}")
    public Lease get(@PathParam("id") String id) {
        return leases.find(uuid(id)).orElseThrow(() -> notFound(id));
    }

    /** Renews the lease for its TTL from now; 404 once it expired or was released. */
    @POST
    @Path("/{id}/heartbeat")
    public Lease heartbeat(@PathParam("id") String id) {
        return leases.heartbeat(uuid(id)).orElseThrow(() -> notFound(id));
    }

    /** Gives the board back (no power cycle). */
    @DELETE
    @Path("/{id}")
    public Response release(@PathParam("id") String id) {
        if (!leases.release(uuid(id))) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    private static ProblemResponse notFound(String id) {
        return new ProblemResponse(Problem.of(ProblemResponse.LEASE_NOT_FOUND,
                "no lease '" + id + "' (released, or expired and released)"));
    }
}
