package dev.otalab.agent.rest;

import dev.otalab.agent.board.HardwareException;
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
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Our errors as RFC 7807 problem JSON ({@value Problem#MEDIA_TYPE}) with a stable
 * {@link ProblemTypes} type, as the lab-api README and the emulator do it:
 * <ul>
 * <li>{@link ProblemException}: its own problem (unknown board, capability missing, conflict);</li>
 * <li>{@link HardwareException} (GPIO, serial port, power command, programmer): 502
 *     {@code hardware-error} with the device's message (for the programmer, its last lines);</li>
 * <li>{@link IllegalArgumentException} (DTO checks, {@code FlashTarget}, {@code UartMatcher}) and
 *     {@link McubootException} (bad HEX): 400;</li>
 * <li>one of those inside a {@link CompletionException} or {@link ExecutionException}: as itself.</li>
 * </ul>
 * What the framework raises (Jackson errors, unknown path, 405, 415, anything unexpected) is
 * answered by otalab-rest-support's {@link FrameworkProblemMappers}. {@code instance} is the request path.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final FrameworkProblemMappers framework;

    public ProblemMappers(FrameworkProblemMappers framework) {
        this.framework = framework;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return respond(e.problem(), request);
    }

    @ServerExceptionMapper
    public Response hardware(HardwareException e, HttpServerRequest request) {
        LOG.warnf("%s %s: hardware error: %s", request.method(), request.path(), e.getMessage());
        return respond(Problem.of(ProblemTypes.HARDWARE_ERROR, e.getMessage()), request);
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
        if (cause instanceof HardwareException he) {
            return hardware(he, request);
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
