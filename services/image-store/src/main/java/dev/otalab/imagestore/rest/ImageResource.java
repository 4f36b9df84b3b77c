package dev.otalab.imagestore.rest;

import dev.otalab.imagestore.mapping.ImageView;
import dev.otalab.rest.Problem;
import dev.otalab.imagestore.mapping.ProblemType;
import dev.otalab.imagestore.repository.ImageRepository;
import dev.otalab.imagestore.service.ByteRange;
import dev.otalab.imagestore.service.ImageCache;
import dev.otalab.imagestore.service.ImageService;
import dev.otalab.imagestore.service.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/images}: upload, list, metadata, download (with Range), delete. */
@Path("/api/v1/images")
@Tag(name = "images")
public class ImageResource {

    static final String OCTETS = MediaType.APPLICATION_OCTET_STREAM;

    private final ImageService service;
    private final ImageRepository repository;
    private final ImageCache cache;

    public ImageResource(ImageService service, ImageRepository repository, ImageCache cache) {
        this.service = service;
        this.repository = repository;
        this.cache = cache;
    }

    @POST
    @Consumes(OCTETS)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Store a signed MCUboot image",
            description = "The body is the signed .bin. It is stored only if its hash and signature verify against one of "
                    + "the trusted keys. Storing the same image again for the same board answers 200 with the existing record.")
    @APIResponse(responseCode = "201", description = "stored", content = @Content(schema = @Schema(implementation = ImageView.class)))
    @APIResponse(responseCode = "200", description = "already stored (idempotent)")
    @APIResponse(responseCode = "400", description = "bad-image / bad-request")
    @APIResponse(responseCode = "409", description = "digest-conflict / no-trusted-keys")
    @APIResponse(responseCode = "413", description = "image-too-large")
    @APIResponse(responseCode = "422", description = "untrusted-image: readable, but no trusted key verifies it")
    public Uni<Response> upload(@QueryParam("board") @Parameter(description = "board string, e.g. APP_CY8CPROTO_062S2_43439")
            String board, byte[] body) {
        return service.upload(board, body).map(s -> Response.status(s.created() ? 201 : 200)
                .location(URI.create("/api/v1/images/" + s.image().digest + "/meta"))
                .type(MediaType.APPLICATION_JSON).entity(ImageView.of(s.image())).build());
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "List images, newest first")
    public Uni<List<ImageView>> list(@QueryParam("board") String board, @QueryParam("version") String version,
            @QueryParam("limit") @Parameter(description = "1..1000, default 100") Integer limit) {
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 1000) {
            throw ProblemException.badRequest("limit must be 1..1000, was " + n);
        }
        return repository.search(blankToNull(board), blankToNull(version), n)
                .map(rows -> rows.stream().map(ImageView::of).toList());
    }

    @GET
    @Path("/{digest}/meta")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "An image's metadata")
    public Uni<ImageView> meta(@PathParam("digest") String digest) {
        String d = ImageService.normalizeDigest(digest);
        return repository.find(d).map(row -> {
            if (row == null) {
                throw notStored(d);
            }
            return ImageView.of(row);
        });
    }

    @GET
    @Path("/{digest}")
    @Produces({OCTETS, Problem.MEDIA_TYPE})
    @Operation(summary = "Download an image",
            description = "Supports one byte range (Range: bytes=0-4095, bytes=4096-, bytes=-100): 206 with Content-Range. "
                    + "A malformed, multiple or unsatisfiable range answers 416 with Content-Range: bytes */size.")
    @APIResponse(responseCode = "200", description = "the whole image")
    @APIResponse(responseCode = "206", description = "the requested range")
    @APIResponse(responseCode = "416", description = "range-not-satisfiable")
    public Uni<Response> download(@PathParam("digest") String digest, @HeaderParam("Range") String range,
            HttpServerRequest request) {
        String d = ImageService.normalizeDigest(digest);
        return cache.get(d).map(image -> {
            if (image == null) {
                throw notStored(d);
            }
            byte[] bytes = image.bytes();
            String etag = "\"" + d + "\"";
            if (range == null || range.isBlank()) {
                return Response.ok(bytes, OCTETS).header("Accept-Ranges", "bytes").header(HttpHeaders.ETAG, etag).build();
            }
            ByteRange r;
            try {
                r = ByteRange.parse(range, bytes.length);
            } catch (ProblemException e) {
                return Response.status(416).type(Problem.MEDIA_TYPE)
                        .header("Content-Range", "bytes */" + bytes.length)
                        .entity(Problem.of(ProblemType.RANGE_NOT_SATISFIABLE, e.getMessage(), request.path())).build();
            }
            byte[] part = Arrays.copyOfRange(bytes, (int) r.first(), (int) r.last() + 1);
            return Response.status(206).type(OCTETS).entity(part).header("Content-Range", r.contentRange())
                    .header("Accept-Ranges", "bytes").header(HttpHeaders.ETAG, etag).build();
        });
    }

    @DELETE
    @Path("/{digest}")
    @Produces(Problem.MEDIA_TYPE)
    @Operation(summary = "Delete an image (metadata and bytes)")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", description = "not-found")
    public Uni<Response> delete(@PathParam("digest") String digest) {
        String d = ImageService.normalizeDigest(digest);
        return repository.delete(d).map(deleted -> {
            cache.evict(d);
            if (!deleted) {
                throw notStored(d);
            }
            return Response.noContent().build();
        });
    }

    private static ProblemException notStored(String digest) {
        return ProblemException.notFound("no image " + digest + " is stored");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
