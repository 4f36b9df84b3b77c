package dev.otalab.labapi;

import dev.otalab.labapi.dto.BoardInfo;
import dev.otalab.labapi.dto.CreateBoardRequest;
import dev.otalab.labapi.dto.FaultRequest;
import dev.otalab.labapi.dto.FaultState;
import dev.otalab.labapi.dto.FlashDump;
import dev.otalab.labapi.dto.OtaAgentStatus;
import dev.otalab.labapi.dto.SlotInfo;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Emulator-only extras under the same {@code /api/v1} prefix: virtual boards, fault injection and
 * views into emulated flash. The lab-agent does not implement this interface; emulated boards
 * advertise {@link Capabilities#EMULATED} and {@link Capabilities#FAULT_INJECTION}.
 *
 * <p>Errors follow {@link LabApi}'s rules; a board that exists but is not emulated answers 409
 * {@code capability-missing}.
 */
@Path(LabApi.ROOT)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "emulator", description = "Virtual kits: create/delete, fault injection, flash and slot views")
@APIResponse(responseCode = "400", description = "Invalid request (bad-request)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "404", description = "Unknown board (board-not-found)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "409", description = "Conflict (id taken, area not in flashmap, not emulated)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public interface EmulatorApi {

    /**
     * {@code POST /boards}: create a virtual kit (powered off, flash erased). Answers
     * {@code 201 Created} with {@code Location: /api/v1/boards/{id}} and the {@link BoardInfo}
     * (read it with {@code response.readEntity(BoardInfo.class)}); an id already in use is 409
     * {@code conflict}; an unknown flashmap or an unreadable key is 400.
     *
     * <p>Returns {@link Response} because the 201 and its Location cannot be expressed on a plain
     * return type without server-specific annotations.
     */
    @POST
    @Path("/boards")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a virtual board")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BoardInfo.class)))
    Response createBoard(CreateBoardRequest request);

    /** {@code DELETE /boards/{id}}: remove a virtual board and its flash; 204. */
    @DELETE
    @Path("/boards/{id}")
    @Operation(summary = "Delete a virtual board")
    @APIResponse(responseCode = "204", description = "Deleted")
    void deleteBoard(@PathParam("id") String id);

    /** {@code POST /boards/{id}/faults}: arm a power loss (replacing any armed one). */
    @POST
    @Path("/boards/{id}/faults")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Arm a power loss at a flash operation or after a delay")
    FaultState armFault(@PathParam("id") String id, FaultRequest request);

    /** {@code GET /boards/{id}/faults}: the armed fault, flash operations counted, whether it tripped. */
    @GET
    @Path("/boards/{id}/faults")
    @Operation(summary = "Show the armed fault")
    FaultState getFaults(@PathParam("id") String id);

    /** {@code DELETE /boards/{id}/faults}: disarm; 204. */
    @DELETE
    @Path("/boards/{id}/faults")
    @Operation(summary = "Disarm fault injection")
    @APIResponse(responseCode = "204", description = "Disarmed")
    void clearFaults(@PathParam("id") String id);

    /**
     * {@code GET /boards/{id}/flash?area=primary&offset=0&length=1024}: bytes of a flash area or
     * address range, base64 in JSON.
     *
     * @param area an area name or an address, see {@link FlashTarget}; required
     * @param offset bytes from the start of the area/address (default 0)
     * @param length number of bytes; default the rest of the named area (required with an
     *        address); at most {@value FlashDump#MAX_LENGTH}
     */
    @GET
    @Path("/boards/{id}/flash")
    @Operation(summary = "Dump flash bytes of an area or address range (JSON, base64)")
    FlashDump dumpFlash(@PathParam("id") String id,
            @QueryParam("area") @Parameter(description = "area name or 0x<address>", required = true) String area,
            @QueryParam("offset") @Parameter(description = "offset into the area, default 0") Long offset,
            @QueryParam("length") @Parameter(description = "bytes; default the rest of the area") Long length);

    /** {@code GET /boards/{id}/flash/raw?...}: the same bytes as {@link #dumpFlash} as {@code application/octet-stream}. */
    @GET
    @Path("/boards/{id}/flash/raw")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Dump flash bytes of an area or address range (raw)")
    @APIResponse(responseCode = "200", description = "The bytes",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = SchemaType.STRING, format = "binary")))
    byte[] dumpFlashRaw(@PathParam("id") String id,
            @QueryParam("area") String area,
            @QueryParam("offset") Long offset,
            @QueryParam("length") Long length);

    /** {@code GET /boards/{id}/slots}: MCUboot slots in the style of {@code mcumgr image list}. */
    @GET
    @Path("/boards/{id}/slots")
    @Operation(summary = "List MCUboot slots (version, hash, bootable, pending, confirmed, active, permanent)")
    List<SlotInfo> slots(@PathParam("id") String id);

    /**
     * {@code GET /boards/{id}/ota}: the kit's emulated OTA Agent (Infineon {@code ota-update}): state,
     * last outcome, counters and the running version. A kit without OTA configuration answers
     * {@code configured: false}.
     */
    @GET
    @Path("/boards/{id}/ota")
    @Operation(summary = "Show the emulated OTA Agent: state, last outcome, counters, running version")
    OtaAgentStatus otaStatus(@PathParam("id") String id);
}
