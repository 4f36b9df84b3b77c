package dev.otalab.emulator.rest;

import dev.otalab.labapi.Problem;
import dev.otalab.labapi.ProblemException;
import dev.otalab.labapi.ProblemTypes;
import dev.otalab.mcuboot.McubootException;
import dev.otalab.rest.FrameworkProblemMappers;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Our errors as RFC 7807 problem JSON ({@value Problem#MEDIA_TYPE}) with a stable
 * {@link ProblemTypes} type, following the lab-api README:
 * <ul>
 * <li>{@link ProblemException}: its own problem (unknown board, conflict, ...);</li>
 * <li>{@link IllegalArgumentException} (DTO checks, {@code FlashTarget}, {@code UartMatcher}) and
 *     {@link McubootException} (bad image, HEX, key or flashmap): 400;</li>
 * <li>one of those inside a {@link CompletionException} or {@link ExecutionException}: as itself.</li>
 * </ul>
 * What the framework raises (Jackson errors, unknown path, 405, 415, anything unexpected) is
 * answered by otalab-rest-support's {@link FrameworkProblemMappers}. {@code instance} is the request path.
 */
public class ProblemMappers {

    private final FrameworkProblemMappers framework;

    public ProblemMappers(FrameworkProblemMappers framework) {
        this.framework = framework;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return respond(e.problem(), request);
    }

    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e, HttpServerRequest request) {
        return respond(Problem.badRequest(e), request);
    }

    @ServerExceptionMapper
    public Response mcuboot(McubootException e, HttpServerRequest request) {
        return respond(Problem.badRequest(e), request);
    }

    @ServerExceptionMapper
    public Response completion(CompletionException e, HttpServerRequest request) {
        return unwrap(e, request);
    }

    @ServerExceptionMapper
    public Response execution(ExecutionException e, HttpServerRequest request) {
        return unwrap(e, request);
    }

    private Response unwrap(Throwable e, HttpServerRequest request) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof ProblemException pe) {
            return problem(pe, request);
        }
        if (cause instanceof IllegalArgumentException iae) {
            return illegalArgument(iae, request);
        }
        if (cause instanceof McubootException me) {
            return mcuboot(me, request);
        }
        if (cause instanceof WebApplicationException wae) {
            return framework.web(wae, request);
        }
        return framework.unexpected(cause, request);
    }

    static Response respond(Problem problem, HttpServerRequest request) {
        Problem p = request == null ? problem : problem.withInstance(request.path());
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
