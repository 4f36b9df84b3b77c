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

    /** Wrong JSON types (Quarkus would answer plain JSON otherwise). */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 1)
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return respond(badJson(e));
    }

    /** A bad-request naming the JSON field ({@code boards[0].id: ...}) Jackson stumbled on. */
    static Problem badJson(com.fasterxml.jackson.core.JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder field = new StringBuilder();
            for (var ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    field.append(field.length() > 0 ? "." : "").append(ref.getFieldName());
                } else {
                    field.append('[').append(ref.getIndex()).append(']');
                }
            }
            Problem p = Problem.badRequest(e);
            return Problem.badRequest(field + ": " + p.detail());
        }
        return Problem.badRequest(e);
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
