package dev.otalab.jobs.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * image-store's REST API, as far as job-service needs it. Base URL: {@code otalab.image-store.url}
 * (through {@code quarkus.rest-client.image-store.url}). A 4xx/5xx answer fails the {@link Uni}
 * with a {@code WebApplicationException} carrying the status ({@link ImageStore} maps it).
 */
@RegisterRestClient(configKey = "image-store")
@Path("/api/v1/images")
public interface ImageStoreClient {

    @GET
    @Path("/{digest}/meta")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ImageMeta> meta(@PathParam("digest") String digest);
}
