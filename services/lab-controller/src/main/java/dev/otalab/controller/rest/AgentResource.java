package dev.otalab.controller.rest;

import dev.otalab.controller.agent.RegistrationCheck;
import dev.otalab.labapi.registration.AgentRegistration;
import dev.otalab.controller.agent.AgentService;
import dev.otalab.controller.agent.AgentView;
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

/** Agents and emulators registering their boards into the pool, and their heartbeats. */
@Path("/api/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AgentResource {

    @Inject
    AgentService agents;

    /** Registers an agent: 201 when new, 200 when it registered before; its boards join the pool. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(AgentRegistration body) {
        validate(body);
        boolean created;
        try {
            created = agents.register(body);
        } catch (AgentService.BoardTaken e) {
            throw new ProblemResponse(Problem.of(ProblemResponse.BOARD_TAKEN, e.getMessage()));
        }
        AgentView v = view(body.id());
        return created ? Response.created(URI.create("/api/v1/agents/" + body.id())).entity(v).build()
                : Response.ok(v).build();
    }

    /** The agent is alive and its boards are as listed; 404 for an agent the controller does not know (it registers again). */
    @POST
    @Path("/{id}/heartbeat")
    @Consumes(MediaType.APPLICATION_JSON)
    public AgentView heartbeat(@PathParam("id") String id, AgentRegistration body) {
        if (body != null) {
            validate(body);
            if (!id.equals(body.id())) {
                throw new ProblemResponse(Problem.badRequest("id: the body names agent '" + body.id()
                        + "' but the path names '" + id + "'"));
            }
        }
        boolean known;
        try {
            known = agents.heartbeat(id, body);
        } catch (AgentService.BoardTaken e) {
            throw new ProblemResponse(Problem.of(ProblemResponse.BOARD_TAKEN, e.getMessage()));
        }
        if (!known) {
            throw notFound(id);
        }
        return view(id);
    }

    @GET
    public List<AgentView> list() {
        return agents.list();
    }

    @GET
    @Path("/{id}")
    public AgentView get(@PathParam("id") String id) {
        return view(id);
    }

    /** Forgets an agent; its boards leave the pool (leases included). */
    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        if (!agents.delete(id)) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    private AgentView view(String id) {
        return agents.find(id).orElseThrow(() -> notFound(id));
    }

    private static void validate(AgentRegistration body) {
        if (body == null) {
            throw new ProblemResponse(Problem.badRequest(
                    "a JSON body {id, url, version, heartbeatSeconds, statusTopic, boards} is required"));
        }
        String problem = RegistrationCheck.problem(body);
        if (problem != null) {
            throw new ProblemResponse(Problem.badRequest(problem));
        }
    }

    private static ProblemResponse notFound(String id) {
        return new ProblemResponse(Problem.of(ProblemResponse.AGENT_NOT_FOUND, "no agent '" + id + "' (register first)"));
    }
}
