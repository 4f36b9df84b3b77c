package dev.otalab.controller.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.otalab.labapi.Problem;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Our errors as RFC 7807 problem JSON: {@link ProblemResponse}s, bad arguments and JSON that does not
 * fit (naming the field). What the framework raises otherwise (Jackson syntax errors, unknown path,
 * 405, 415, anything unexpected) is answered by otalab-rest-support's {@code FrameworkProblemMappers}.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemResponse e) {
        return respond(e.problem());
    }

    /** Wrong JSON types, named by field; wins over the shared mapper for the same type. */
    @ServerExceptionMapper(priority = Priorities.USER - 1)
    public Response mismatched(MismatchedInputException e) {
        return respond(badJson(e));
    }

    /** A bad-request naming the JSON field ({@code boards[0].id: ...}) Jackson stumbled on. */
    static Problem badJson(JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
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

    private static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
