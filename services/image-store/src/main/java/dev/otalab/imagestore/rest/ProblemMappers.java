package dev.otalab.imagestore.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.otalab.mcuboot.McubootException;
import dev.otalab.imagestore.mapping.Problem;
import dev.otalab.imagestore.mapping.ProblemType;
import dev.otalab.imagestore.service.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import io.quarkus.runtime.configuration.MemorySize;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves as problem JSON ({@code application/problem+json}) with a stable type:
 * our own refusals, the image library's one-line messages, and what Quarkus raises itself
 * (unknown path, wrong method or media type, unreadable multipart, Jackson errors inside a
 * {@link WebApplicationException}, which Quarkus would otherwise answer with an empty 400).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final String bodyLimit;

    public ProblemMappers(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> max) {
        this.bodyLimit = max.map(m -> "request body exceeds the limit of " + m.asLongValue()
                + " bytes (otalab.images.max-size)").orElse("request body too large");
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return respond(Problem.of(e.type(), e.getMessage(), path(request)));
    }

    /** The library's refusals that reach us unwrapped: the input is not a usable image. */
    @ServerExceptionMapper
    public Response library(McubootException e, HttpServerRequest request) {
        return respond(Problem.of(ProblemType.BAD_IMAGE, e.getMessage(), path(request)));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        return respond(Problem.of(ProblemType.BAD_REQUEST, firstLine(e.getOriginalMessage()), path(request)));
    }

    /**
     * Reading the request failed: a truncated multipart body, a client that went away. Our own file
     * reads throw {@code UncheckedIOException}, so an {@code IOException} here is about the request.
     */
    @ServerExceptionMapper
    public Response unreadable(IOException e, HttpServerRequest request) {
        if (request != null && request.response().headWritten()) {
            LOG.debugf("%s %s: %s after the response was sent", request.method(), request.path(), e);
            return null; // Quarkus already answered (413 for a chunked body past the limit)
        }
        return respond(Problem.of(ProblemType.BAD_REQUEST, "cannot read the request body: " + firstLine(e.getMessage()),
                path(request)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String detail = detail(e);
        if (status >= 500) {
            LOG.errorf(e, "%s %s failed with %d", request.method(), request.path(), status);
        }
        return respond(Problem.forStatus(status, detail, path(request)));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, HttpServerRequest request) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "%s %s failed unexpectedly (incident %s)", request.method(), request.path(), incident);
        return respond(Problem.of(ProblemType.INTERNAL_ERROR,
                "unexpected error; the service log names incident " + incident, path(request)));
    }

    /** The innermost message that says something: Jackson's cause when Quarkus wrapped one. */
    private String detail(WebApplicationException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException j) {
                return firstLine(j.getOriginalMessage());
            }
            if (t instanceof McubootException || t instanceof IllegalArgumentException) {
                return firstLine(t.getMessage());
            }
        }
        String m = e.getMessage();
        return m == null || m.startsWith("HTTP ") ? defaultDetail(e.getResponse().getStatus()) : firstLine(m);
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
