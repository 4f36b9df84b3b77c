package dev.otalab.jobs.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otalab.jobs.mapping.CampaignRequest;
import dev.otalab.jobs.mapping.CampaignView;
import dev.otalab.jobs.mapping.ExecutionView;
import dev.otalab.rest.Problem;
import dev.otalab.jobs.model.Campaign;
import dev.otalab.jobs.model.ExecutionState;
import dev.otalab.jobs.repository.CampaignRepository;
import dev.otalab.jobs.service.CampaignService;
import dev.otalab.jobs.service.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OTA campaigns: waves of per-device executions of one image on one board. */
@Path("/api/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "campaigns", description = "rollouts in waves with per-device executions")
public class CampaignResource {

    private final CampaignService service;
    private final CampaignRepository campaigns;
    private final ObjectMapper json;

    public CampaignResource(CampaignService service, CampaignRepository campaigns, ObjectMapper json) {
        this.service = service;
        this.campaigns = campaigns;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "create a campaign (state CREATED)",
            description = "Idempotency-Key is required: the same key and body return the campaign made first (200); "
                    + "the same key with another body is refused (422 idempotency-key-reused).")
    @RequestBody(content = @Content(schema = @Schema(implementation = CampaignRequest.class)))
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = CampaignView.class)))
    @APIResponse(responseCode = "200", description = "the campaign this key created before",
            content = @Content(schema = @Schema(implementation = CampaignView.class)))
    @APIResponse(responseCode = "400", description = "bad-request, invalid-board, invalid-job",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "unknown-image, image-board-mismatch, idempotency-key-reused",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@HeaderParam("Idempotency-Key") String key, String body, @Context UriInfo uri) {
        return service.create(key, body).chain(created -> view(created.campaign()).map(view -> Response
                .status(created.created() ? Response.Status.CREATED : Response.Status.OK)
                .location(uri.getAbsolutePathBuilder().path(view.id().toString()).build())
                .entity(view).build()));
    }

    @GET
    @Operation(summary = "campaigns, newest first")
    public Uni<List<CampaignView>> list(@QueryParam("board") String board,
            @Parameter(description = "1..1000, default 100") @QueryParam("limit") String limit) {
        return campaigns.list(board == null || board.isEmpty() ? null : board, Limits.parse(limit, 100))
                .chain(all -> Multi.createFrom().iterable(all).onItem().transformToUniAndConcatenate(this::view)
                        .collect().asList());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "one campaign: state, reason, counts per state and per wave")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CampaignView.class)))
    @APIResponse(responseCode = "404", description = "unknown-campaign",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CampaignView> get(@PathParam("id") String id) {
        return service.get(id(id)).chain(this::view);
    }

    @GET
    @Path("/{id}/executions")
    @Operation(summary = "the campaign's executions, by wave and device key")
    public Uni<List<ExecutionView>> executions(@PathParam("id") String id,
            @Parameter(description = "only this state") @QueryParam("state") String state,
            @Parameter(description = "1..10000, default 10000") @QueryParam("limit") String limit) {
        ExecutionState filter = state(state);
        int n = Limits.parse(limit, 10_000, 10_000);
        return service.get(id(id)).chain(c -> campaigns.executions(c.id, filter, n))
                .map(all -> all.stream().map(ExecutionView::of).toList());
    }

    @POST
    @Path("/{id}/start")
    @Operation(summary = "CREATED → RUNNING: resolve the targets, assign waves, release wave 1")
    @APIResponse(responseCode = "409", description = "campaign-state-conflict, board-busy, no-devices",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CampaignView> start(@PathParam("id") String id) {
        return service.start(id(id)).chain(this::view);
    }

    @POST
    @Path("/{id}/pause")
    @Operation(summary = "RUNNING → PAUSED: no new offers; offered devices are still followed")
    @APIResponse(responseCode = "409", description = "campaign-state-conflict",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CampaignView> pause(@PathParam("id") String id) {
        return service.pause(id(id)).chain(this::view);
    }

    @POST
    @Path("/{id}/resume")
    @Operation(summary = "PAUSED → RUNNING")
    @APIResponse(responseCode = "409", description = "campaign-state-conflict",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CampaignView> resume(@PathParam("id") String id) {
        return service.resume(id(id)).chain(this::view);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "CREATED, RUNNING or PAUSED → CANCELED; open executions CANCELED")
    @APIResponse(responseCode = "409", description = "campaign-state-conflict",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CampaignView> cancel(@PathParam("id") String id) {
        return service.cancel(id(id)).chain(this::view);
    }

    private Uni<CampaignView> view(Campaign c) {
        return campaigns.counts(c.id).map(counts -> CampaignView.of(c, counts, json));
    }

    private static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(dev.otalab.jobs.mapping.ProblemType.UNKNOWN_CAMPAIGN,
                    "no campaign " + text + " (ids are UUIDs)");
        }
    }

    private static ExecutionState state(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return ExecutionState.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("state must be one of " + java.util.Arrays.toString(ExecutionState.values()));
        }
    }
}
