package dev.otalab.jobs.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.otalab.jobs.mapping.Problem;
import dev.otalab.jobs.mapping.ProblemType;
import dev.otalab.jobs.service.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves as problem JSON ({@code application/problem+json}) with a stable type: our own
 * refusals and what Quarkus raises itself (unknown path, wrong method or media type).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return respond(Problem.of(e.type(), e.getMessage(), path(request)));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        return respond(Problem.of(ProblemType.BAD_REQUEST, firstLine(e.getOriginalMessage()), path(request)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "%s %s failed with %d", request.method(), request.path(), status);
        }
        return respond(Problem.forStatus(status, detail(e, status), path(request)));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, HttpServerRequest request) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "%s %s failed unexpectedly (incident %s)", request.method(), request.path(), incident);
        return respond(Problem.of(ProblemType.INTERNAL_ERROR,
                "unexpected error; the service log names incident " + incident, path(request)));
    }

    private static String detail(WebApplicationException e, int status) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException j) {
                return firstLine(j.getOriginalMessage());
            }
        }
        String m = e.getMessage();
        if (m != null && !m.startsWith("HTTP ")) {
            return firstLine(m);
        }
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "cannot produce a representation the request accepts";
            case 413 -> "request body too large";
            case 415 -> "unsupported content type; see /q/openapi";
            default -> "HTTP " + status;
        };
    }

    private static String firstLine(String m) {
        if (m == null) {
            return null;
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static String path(HttpServerRequest request) {
        return request == null ? null : request.path();
    }

    static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
