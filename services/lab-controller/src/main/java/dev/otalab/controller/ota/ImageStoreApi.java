package dev.otalab.controller.ota;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The part of image-store's REST API the plan steps use (services/image-store/README.md). */
@Path("/api/v1/images")
@Produces(MediaType.APPLICATION_JSON)
public interface ImageStoreApi {

    /** A stored image's metadata. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StoredImage(String digest, String board, String version, long size, String keyId) {
    }

    /** {@code POST /api/v1/images?board=}: 201 new, 200 when the board has it already. */
    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    StoredImage upload(@QueryParam("board") String board, byte[] image);

    @DELETE
    @Path("/{digest}")
    void delete(@PathParam("digest") String digest);
}
