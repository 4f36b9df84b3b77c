package dev.otalab.jobs.rest;

import dev.otalab.jobs.mapping.DeviceDetail;
import dev.otalab.jobs.mapping.DeviceView;
import dev.otalab.rest.Problem;
import dev.otalab.jobs.mapping.ProblemType;
import dev.otalab.jobs.repository.DeviceRepository;
import dev.otalab.jobs.repository.RevertBlockRepository;
import dev.otalab.jobs.service.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What devices reported: last state, checks, offers and results. */
@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "devices", description = "devices as they report themselves")
public class DeviceResource {

    private final DeviceRepository devices;
    private final RevertBlockRepository blocks;

    public DeviceResource(DeviceRepository devices, RevertBlockRepository blocks) {
        this.devices = devices;
        this.blocks = blocks;
    }

    @GET
    @Operation(summary = "devices, most recently seen first")
    public Uni<List<DeviceView>> list(@QueryParam("board") String board,
            @Parameter(description = "1..1000, default 100") @QueryParam("limit") String limit) {
        int n = Limits.parse(limit, 100);
        return devices.list(board == null || board.isEmpty() ? null : board, n)
                .map(all -> all.stream().map(DeviceView::of).toList());
    }

    @GET
    @Path("/{key: .+}")
    @Operation(summary = "one device with its reports, sessions and results (newest first)")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DeviceDetail.class)))
    @APIResponse(responseCode = "404", description = "unknown-device",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<DeviceDetail> get(
            @Parameter(description = "<board>:<SerialNumber>, URL-encoded") @PathParam("key") String key,
            @Parameter(description = "entries per list, 1..1000, default 50") @QueryParam("limit") String limit) {
        int n = Limits.parse(limit, 50);
        return devices.find(key)
                .onItem().ifNull().failWith(() -> new ProblemException(ProblemType.UNKNOWN_DEVICE,
                        "no device " + key + " has reported (keys are <board>:<SerialNumber>)"))
                .chain(device -> devices.history(key, n).chain(h -> blocks.list(key).map(blocked -> new DeviceDetail(
                        DeviceView.of(device),
                        h.reports().stream().map(DeviceDetail.Report::of).toList(),
                        h.sessions().stream().map(DeviceDetail.Session::of).toList(),
                        h.results().stream().map(DeviceDetail.Result::of).toList(),
                        blocked.stream().map(DeviceDetail.BlockedVersion::of).toList()))));
    }

    @DELETE
    @Path("/{key: .+}/blocked-versions/{version}")
    @Operation(summary = "allow a blocked version again for this device (operator decision)")
    @APIResponse(responseCode = "204", description = "the block is gone; campaigns and jobs may offer the version again")
    @APIResponse(responseCode = "404", description = "unknown-blocked-version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> unblock(@PathParam("key") String key, @PathParam("version") String version) {
        return blocks.delete(key, version).map(deleted -> {
            if (!deleted) {
                throw new ProblemException(ProblemType.UNKNOWN_BLOCKED_VERSION, "version " + version
                        + " is not blocked for device " + key);
            }
            return Response.noContent().build();
        });
    }
}
