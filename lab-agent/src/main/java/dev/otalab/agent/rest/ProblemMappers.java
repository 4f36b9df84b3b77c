package dev.otalab.agent.rest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.otalab.agent.board.HardwareException;
import dev.otalab.labapi.Problem;
import dev.otalab.labapi.ProblemException;
import dev.otalab.labapi.ProblemTypes;
import dev.otalab.mcuboot.McubootException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error as RFC 7807 problem JSON ({@value Problem#MEDIA_TYPE}) with a stable
 * {@link ProblemTypes} type, as the lab-api README and the emulator do it:
 * <ul>
 * <li>{@link ProblemException}: its own problem (unknown board, capability missing, conflict);</li>
 * <li>{@link HardwareException} (GPIO, serial port, power command, programmer): 502
 *     {@code hardware-error} with the device's message (for the programmer, its last lines);</li>
 * <li>{@link IllegalArgumentException} (DTO checks, {@code FlashTarget}, {@code UartMatcher}),
 *     Jackson errors and {@link McubootException} (bad HEX): 400;</li>
 * <li>{@link WebApplicationException} from the framework (unknown path 404, 405, 415, the empty
 *     400 Quarkus REST makes of databind errors): a problem for its status;</li>
 * <li>anything else: 500 {@code internal-error}, logged.</li>
 * </ul>
 * {@code instance} is the request path.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

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
    public Response jackson(JacksonException e, HttpServerRequest request) {
        return respond(Problem.badRequest(e), request);
    }

    /** Replaces Quarkus REST's own mapper for this one, which answers with a non-problem body. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        return respond(Problem.badRequest(e), request);
    }

    @ServerExceptionMapper
    public Response mcuboot(McubootException e, HttpServerRequest request) {
        return respond(Problem.badRequest(e), request);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        Problem p;
        if (status == 400 && e.getCause() != null) {
            p = Problem.badRequest(e.getCause());
        } else if (status == 404 && e.getCause() != null) {
            // JAX-RS answers an unconvertible @QueryParam/@PathParam with a 404 that carries the cause
            p = Problem.badRequest(e.getCause());
        } else {
            p = Problem.forStatus(status, detail(e, status));
        }
        if (p.status() >= 500) {
            LOG.errorf(e, "%s %s failed", request.method(), request.path());
        }
        return respond(p, request);
    }

    @ServerExceptionMapper
    public Response completion(CompletionException e, HttpServerRequest request) {
        return unwrap(e, request);
    }

    @ServerExceptionMapper
    public Response execution(ExecutionException e, HttpServerRequest request) {
        return unwrap(e, request);
    }

    @ServerExceptionMapper
    public Response any(Throwable e, HttpServerRequest request) {
        LOG.errorf(e, "%s %s failed", request.method(), request.path());
        return respond(Problem.of(ProblemTypes.INTERNAL_ERROR, e.toString()), request);
    }

    private Response unwrap(Throwable e, HttpServerRequest request) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof ProblemException pe) {
            return problem(pe, request);
        }
        if (cause instanceof HardwareException he) {
            return hardware(he, request);
        }
        if (cause instanceof IllegalArgumentException iae) {
            return illegalArgument(iae, request);
        }
        if (cause instanceof McubootException me) {
            return mcuboot(me, request);
        }
        if (cause instanceof WebApplicationException wae) {
            return webApplication(wae, request);
        }
        return any(cause, request);
    }

    private static String detail(WebApplicationException e, int status) {
        String m = e.getMessage();
        if (m == null || m.isBlank() || m.startsWith("HTTP " + status)) {
            return switch (status) {
                case 404 -> "no such resource";
                case 405 -> "method not allowed";
                case 406 -> "cannot produce an acceptable representation";
                case 415 -> "unsupported Content-Type";
                default -> "HTTP " + status;
            };
        }
        return m;
    }

    static Response respond(Problem problem, HttpServerRequest request) {
        Problem p = request == null ? problem : problem.withInstance(request.path());
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
