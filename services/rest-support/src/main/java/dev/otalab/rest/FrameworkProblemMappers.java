package dev.otalab.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Problem JSON ({@value Problem#MEDIA_TYPE}) for what the framework raises in every service: Jackson
 * errors, an unreadable request body, a {@link WebApplicationException} (unknown path, wrong method or
 * media type, body too large, the empty 400 Quarkus REST makes of databind errors) and anything
 * unexpected (500 with an incident id that the log names). The type for a status comes from the
 * service's {@link ProblemCatalog}; the service maps its own exceptions in its own mapper class,
 * which Quarkus prefers for those (more specific) types.
 */
public class FrameworkProblemMappers {

    private static final Logger LOG = Logger.getLogger(FrameworkProblemMappers.class);

    private final ProblemCatalog catalog;
    private final String bodyLimit;

    public FrameworkProblemMappers(ProblemCatalog catalog,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> max) {
        this.catalog = catalog;
        this.bodyLimit = max.map(m -> "request body exceeds the limit of " + m.asLongValue()
                + " bytes (" + catalog.bodyLimitProperty() + ")").orElse("request body too large");
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        return badRequest(explanation(e), request);
    }

    /** Replaces Quarkus REST's own mapper for this one, which answers with a non-problem body. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        return json(e, request);
    }

    /**
     * Reading the request failed: a truncated multipart body, a client that went away. Services' own
     * file reads throw {@code UncheckedIOException}, so an {@code IOException} here is about the request.
     */
    @ServerExceptionMapper
    public Response unreadable(IOException e, HttpServerRequest request) {
        if (request != null && request.response().headWritten()) {
            LOG.debugf("%s %s: %s after the response was sent", request.method(), request.path(), e);
            return null; // Quarkus already answered (413 for a chunked body past the limit)
        }
        return badRequest("cannot read the request body: " + firstLine(e.getMessage()), request);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        Throwable cause = e.getCause();
        // JAX-RS answers an unconvertible @QueryParam/@PathParam with a 404 carrying the cause
        if (cause != null && (status == 400 || status == 404)) {
            return badRequest(explanation(cause), request);
        }
        if (status >= 500) {
            LOG.errorf(e, "%s %s failed with %d", method(request), path(request), status);
        }
        return Problem.forStatus(catalog.forStatus(status), status, detail(e, status), path(request)).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "%s %s failed unexpectedly (incident %s)", method(request), path(request), incident);
        return Problem.forStatus(catalog.forStatus(500), 500,
                "unexpected error; the service log names incident " + incident, path(request)).toResponse();
    }

    private Response badRequest(String detail, HttpServerRequest request) {
        return Problem.forStatus(catalog.forStatus(400), 400, detail, path(request)).toResponse();
    }

    private String detail(WebApplicationException e, int status) {
        String m = e.getMessage();
        return m == null || m.isBlank() || m.startsWith("HTTP ") ? defaultDetail(status) : firstLine(m);
    }

    private String defaultDetail(int status) {
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "cannot produce a representation the request accepts";
            case 413 -> bodyLimit;
            case 415 -> "unsupported content type; see /q/openapi";
            default -> "HTTP " + status;
        };
    }

    /**
     * What to tell the client about a bad input: the message of the outermost
     * {@link IllegalArgumentException} in the chain (a DTO check, rather than Jackson's wrapping of it),
     * else Jackson's own message without its location, else the first line of {@code e}'s message.
     */
    static String explanation(Throwable e) {
        JsonProcessingException jackson = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getMessage() != null) {
                return firstLine(t.getMessage());
            }
            if (jackson == null && t instanceof JsonProcessingException j) {
                jackson = j;
            }
        }
        if (jackson != null) {
            return firstLine(jackson.getOriginalMessage());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
    }

    static String firstLine(String m) {
        if (m == null) {
            return null;
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static String path(HttpServerRequest request) {
        return request == null ? null : request.path();
    }

    private static String method(HttpServerRequest request) {
        return request == null ? "?" : request.method().name();
    }
}
