package dev.otalab.jobs.rest;

import dev.otalab.jobs.service.ProblemException;
import dev.otalab.rest.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Our own refusals as problem JSON. What Quarkus raises itself (unknown path, wrong method or media
 * type, Jackson errors, anything unexpected) is answered by otalab-rest-support's
 * {@code FrameworkProblemMappers}.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return Problem.of(e.type(), e.getMessage(), request.path()).toResponse();
    }
}
