package dev.otalab.jobs.rest;

import dev.otalab.jobs.mapping.JobView;
import dev.otalab.rest.Problem;
import dev.otalab.jobs.service.JobService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Job documents per board. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs", description = "one job document per board")
public class JobResource {

    private final JobService jobs;

    public JobResource(JobService jobs) {
        this.jobs = jobs;
    }

    @GET
    @Operation(summary = "every job, by board")
    public Uni<List<JobView>> list() {
        return jobs.list().map(all -> all.stream().map(JobView::of).toList());
    }

    @GET
    @Path("/{board}")
    @Operation(summary = "the job of one board")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", description = "no job for the board",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<JobView> get(@PathParam("board") String board) {
        return jobs.get(board).map(JobView::of);
    }

    @PUT
    @Path("/{board}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "create or replace the job of a board",
            description = "Version and size are taken from image-store's metadata of imageDigest. Nothing is "
                    + "stored unless the job makes a job document the board's devices accept.")
    @RequestBody(content = @Content(schema = @Schema(implementation = dev.otalab.jobs.mapping.JobRequest.class)))
    @APIResponse(responseCode = "201", description = "created",
            content = @Content(schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "200", description = "replaced",
            content = @Content(schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", description = "bad-request, invalid-board, invalid-job",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "unknown-image, image-board-mismatch",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "502", description = "image-store-error",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "image-store-unavailable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> put(@PathParam("board") String board, String body, @Context UriInfo uri) {
        return jobs.put(board, body).map(put -> Response
                .status(put.created() ? Response.Status.CREATED : Response.Status.OK)
                .location(put.created() ? uri.getRequestUri() : null)
                .entity(JobView.of(put.job()))
                .build());
    }

    @DELETE
    @Path("/{board}")
    @Operation(summary = "delete the job of a board (its devices get No Update Available)")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", description = "no job for the board",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("board") String board) {
        return jobs.delete(board).replaceWith(Response.noContent().build());
    }
}
