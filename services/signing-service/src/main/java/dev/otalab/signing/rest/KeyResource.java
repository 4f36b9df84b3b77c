package dev.otalab.signing.rest;

import dev.otalab.signing.mapping.KeyView;
import dev.otalab.rest.Problem;
import dev.otalab.signing.service.KeyRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code GET /api/v1/keys}: public parts only; private keys never leave the service. */
@Path("/api/v1/keys")
@Tag(name = "keys")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class KeyResource {

    private final KeyRegistry keys;

    public KeyResource(KeyRegistry keys) {
        this.keys = keys;
    }

    @GET
    @Operation(summary = "Keys of the key directory, sorted by id (public parts only)")
    public List<KeyView> list() {
        return keys.all().stream().map(KeyView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One key (public parts only)")
    public KeyView get(@PathParam("id") String id) {
        return KeyView.of(keys.get(id));
    }
}
