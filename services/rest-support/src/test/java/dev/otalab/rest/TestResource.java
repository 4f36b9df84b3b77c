package dev.otalab.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Endpoints that make the framework raise what the shared mappers answer. */
@Path("/t")
public class TestResource {

    public record Body(String name) {
        public Body {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name: is required");
            }
        }
    }

    @POST
    @Path("/body")
    @Consumes(MediaType.APPLICATION_JSON)
    public String body(Body body) {
        return body.name();
    }

    @GET
    @Path("/count")
    public int count(@QueryParam("n") int n) {
        return n;
    }

    @GET
    @Path("/gateway")
    public String gateway() {
        throw new jakarta.ws.rs.WebApplicationException("upstream answered nonsense", 502);
    }

    @GET
    @Path("/boom")
    public String boom() {
        throw new IllegalStateException("secret internals");
    }
}
