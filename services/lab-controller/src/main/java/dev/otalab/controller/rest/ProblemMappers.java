package dev.otalab.controller.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.otalab.labapi.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as RFC 7807 problem JSON. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemResponse e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return respond(Problem.badRequest(e));
    }

    @ServerExceptionMapper
    public Response illegal(IllegalArgumentException e) {
        return respond(Problem.badRequest(e));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() != null) {
            return respond(Problem.badRequest(e.getCause()));
        }
        return respond(Problem.forStatus(status, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response other(RuntimeException e) {
        LOG.error("unexpected error", e);
        return respond(Problem.forStatus(500, "internal error: " + e.getClass().getSimpleName()));
    }

    private static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
