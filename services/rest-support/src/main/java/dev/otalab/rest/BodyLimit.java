package dev.otalab.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request whose {@code Content-Length} exceeds {@code quarkus.http.limits.max-body-size}
 * with 413 problem JSON. Quarkus makes the same check one route later but answers with an empty
 * body; this route runs just before it. (A chunked body that grows past the limit is still cut
 * off by Quarkus: 413 with problem JSON for multipart, possibly empty for a raw body.)
 */
@ApplicationScoped
public class BodyLimit {

    void install(@Observes Router router, ObjectMapper json, ProblemCatalog catalog,
                 @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> max) {
        if (max.isEmpty()) {
            return;
        }
        long limit = max.get().asLongValue();
        ProblemType type = catalog.forStatus(413);
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long declared;
            try {
                declared = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1; // Quarkus/Netty reject it themselves
            }
            if (declared <= limit) {
                ctx.next();
                return;
            }
            Problem p = Problem.forStatus(type, 413, String.format(
                    "request body of %d bytes exceeds the limit of %d bytes (%s)",
                    declared, limit, catalog.bodyLimitProperty()), ctx.request().path());
            String body;
            try {
                body = json.writeValueAsString(p);
            } catch (JsonProcessingException e) {
                body = "{\"status\":413}";
            }
            // The client may still be sending the body: close the connection once answered.
            ctx.response().endHandler(v -> ctx.request().connection().close());
            ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(body);
        });
    }
}
