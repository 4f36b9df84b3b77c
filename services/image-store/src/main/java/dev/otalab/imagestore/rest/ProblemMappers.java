package dev.otalab.imagestore.rest;

import dev.otalab.mcuboot.McubootException;
import dev.otalab.imagestore.mapping.ProblemType;
import dev.otalab.imagestore.service.ProblemException;
import dev.otalab.rest.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Our own refusals and the image library's one-line messages as problem JSON. What Quarkus raises
 * itself (unknown path, wrong method or media type, unreadable body, Jackson errors, anything
 * unexpected) is answered by otalab-rest-support's {@code FrameworkProblemMappers}.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return Problem.of(e.type(), e.getMessage(), request.path()).toResponse();
    }

    /** The library's refusals that reach us unwrapped: the input is not a usable image. */
    @ServerExceptionMapper
    public Response library(McubootException e, HttpServerRequest request) {
        return Problem.of(ProblemType.BAD_IMAGE, e.getMessage(), request.path()).toResponse();
    }
}
