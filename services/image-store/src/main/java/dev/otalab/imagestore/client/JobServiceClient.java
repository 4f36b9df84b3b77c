package dev.otalab.imagestore.client;

import dev.otalab.imagestore.mapping.OtaSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** job-service's OTA session API (base URL {@code otalab.job-service.url}). */
@RegisterRestClient(configKey = "job-service")
@Path("/api/v1/ota-sessions")
public interface JobServiceClient {

    /**
     * The session of a unique topic; 404 (as an exception) when unknown or expired.
     *
     * @param encodedTopic the unique topic, URL-encoded by the caller ({@code /} as {@code %2F})
     * @param serialNumber the requesting device's {@code SerialNumber}, or null (then left out): job-service
     *        attributes the download only to that device's offer, since devices can share a topic
     */
    @GET
    @Path("/{uniqueTopic}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<OtaSession> session(@PathParam("uniqueTopic") @Encoded String encodedTopic,
            @QueryParam("serialNumber") String serialNumber);
}
