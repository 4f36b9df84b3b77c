package dev.otalab.labapi;

import dev.otalab.labapi.dto.BoardInfo;
import dev.otalab.labapi.dto.ButtonRequest;
import dev.otalab.labapi.dto.ExpectRequest;
import dev.otalab.labapi.dto.ExpectResult;
import dev.otalab.labapi.dto.ImageFormat;
import dev.otalab.labapi.dto.LedState;
import dev.otalab.labapi.dto.PowerRequest;
import dev.otalab.labapi.dto.ProgramResult;
import dev.otalab.labapi.dto.UartPage;
import dev.otalab.labapi.dto.UartWriteRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The board-control contract, version 1: implemented by the lab-agent (real kits on a Raspberry
 * Pi) and the emulator (virtual kits), and used by the lab-controller as a MicroProfile REST client.
 *
 * <h2>Rules for implementations</h2>
 * <ul>
 * <li>Every error is RFC 7807 {@value Problem#MEDIA_TYPE} with a {@link ProblemTypes} type: unknown
 *     board 404 {@code board-not-found}; malformed or invalid body/parameter 400 {@code bad-request};
 *     missing capability 409 {@code capability-missing}; hardware failure 502 {@code hardware-error}.
 *     A service may throw {@link ProblemException} and map it once.</li>
 * <li>Invalid input surfaces as {@link IllegalArgumentException} with a message meant for the
 *     {@code detail} (DTO constructors, lower-case enums, {@link FlashTarget},
 *     {@link dev.otalab.labapi.uart.UartMatcher}). In a body, Jackson wraps it: Quarkus REST turns
 *     {@code MismatchedInputException} into its own 400 and other databind errors into a
 *     {@code WebApplicationException(cause, 400)} with an empty body. Map
 *     {@code IllegalArgumentException}, {@code MismatchedInputException} and
 *     {@code WebApplicationException} with {@link Problem#badRequest(Throwable)} /
 *     {@link Problem#forStatus(int, String)} so every error, framework ones (404, 405, 415)
 *     included, leaves as problem JSON.</li>
 * <li>Expect timeouts and steady LEDs are normal 200 results, not errors.</li>
 * <li>The server-sent UART stream is in {@link UartStreamApi}, kept out of this interface so that
 *     this one stays usable as a plain REST client interface.</li>
 * <li>A resource class implementing several of these interfaces declares
 *     {@code @Path(LabApi.ROOT)} itself (class-level JAX-RS annotations are not inherited); the
 *     method and parameter annotations are inherited as long as the implementation adds none.</li>
 * </ul>
 *
 * <p>Methods block until the action is done (a {@code cycle} returns after power is back on, a
 * {@code press} after the release, an {@code expect} when decided or timed out, {@code led} after
 * the window): clients must set read timeouts above {@code offMs}, {@code ms}, {@code timeoutMs}
 * and {@code windowMs}.
 */
@Path(LabApi.ROOT)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "boards", description = "Board control: power, button, UART, LED, programming")
@APIResponse(responseCode = "400", description = "Invalid request (bad-request)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "404", description = "Unknown board (board-not-found)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "409", description = "Capability missing or board state forbids it",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "502", description = "Hardware failure (hardware-error)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public interface LabApi {

    /** Root path of version 1 of the API. */
    String ROOT = "/api/v1";

    /** {@code GET /boards}: every board this agent or emulator serves, sorted by id. */
    @GET
    @Path("/boards")
    @Operation(summary = "List boards")
    List<BoardInfo> listBoards();

    /** {@code GET /boards/{id}}. */
    @GET
    @Path("/boards/{id}")
    @Operation(summary = "Describe one board")
    BoardInfo getBoard(@PathParam("id") String id);

    /**
     * {@code POST /boards/{id}/power} with {@code {"action":"on|off|cycle","offMs":500}}; returns the
     * board after the action. Needs {@link Capabilities#POWER}.
     */
    @POST
    @Path("/boards/{id}/power")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Switch power on, off, or cycle it",
            description = "Blocks until done; a cycle returns once power is back on.")
    BoardInfo power(@PathParam("id") String id, PowerRequest request);

    /**
     * {@code POST /boards/{id}/button} with {@code {"action":"press|hold|release","ms":200}};
     * 204. Needs {@link Capabilities#BUTTON}.
     */
    @POST
    @Path("/boards/{id}/button")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Press, hold or release the user button",
            description = "press blocks for ms (default 200) then releases; hold returns at once and"
                    + " releases after ms if given; release releases.")
    @APIResponse(responseCode = "204", description = "Done")
    void button(@PathParam("id") String id, ButtonRequest request);

    /**
     * {@code GET /boards/{id}/uart?since=SEQ&limit=N}: retained console lines with {@code seq > since}.
     * Needs {@link Capabilities#UART}.
     *
     * @param since last seq already seen (default 0 = everything retained)
     * @param limit most lines to return (default {@value UartPage#DEFAULT_LIMIT}, at most
     *        {@value UartPage#MAX_LIMIT})
     */
    @GET
    @Path("/boards/{id}/uart")
    @Operation(summary = "Read numbered console lines after a sequence number")
    UartPage uart(@PathParam("id") String id,
            @QueryParam("since") @DefaultValue("0")
            @Parameter(description = "Return lines with seq > since; pass the previous page's nextSince") Long since,
            @QueryParam("limit") @DefaultValue("1000")
            @Parameter(description = "Maximum number of lines, 1..10000") Integer limit);

    /**
     * {@code POST /boards/{id}/uart/expect}: wait for a line matching a regex. Always 200 with an
     * {@link ExpectResult} (MATCHED, TIMEOUT or NOT_MATCHING); an invalid regex is 400.
     */
    @POST
    @Path("/boards/{id}/uart/expect")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Wait for a console line matching a regex",
            description = "Lines with seq > sinceSeq (absent: lines arriving from now on) are searched in order;"
                    + " the first one matching pattern gives MATCHED, matching a notMatching regex first gives"
                    + " NOT_MATCHING, none within timeoutMs gives TIMEOUT. All are 200.")
    ExpectResult expect(@PathParam("id") String id, ExpectRequest request);

    /**
     * {@code POST /boards/{id}/uart/write} with {@code {"text":"Y"}}: type characters into the
     * console; 204. Needs {@link Capabilities#UART}.
     */
    @POST
    @Path("/boards/{id}/uart/write")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send characters to the console")
    @APIResponse(responseCode = "204", description = "Sent")
    void writeUart(@PathParam("id") String id, UartWriteRequest request);

    /**
     * {@code GET /boards/{id}/led?windowMs=3000}: watch the user LED for a window and report its
     * state and toggle interval. Needs {@link Capabilities#LED}.
     *
     * @param windowMs observation window, 0..{@value LedState#MAX_WINDOW_MS} (default
     *        {@value LedState#DEFAULT_WINDOW_MS}); 0 reads the state only
     */
    @GET
    @Path("/boards/{id}/led")
    @Operation(summary = "Observe the user LED",
            description = "Blocks for windowMs. periodMs is the mean interval between edges (the toggle interval).")
    LedState led(@PathParam("id") String id,
            @QueryParam("windowMs") @DefaultValue("3000")
            @Parameter(description = "Observation window in ms, 0..60000") Long windowMs);

    /**
     * {@code POST /boards/{id}/program?area=secondary&format=bin}: write an image the way a
     * programmer does (erase what it covers, write, verify). Needs {@link Capabilities#PROGRAM}.
     *
     * <p>The body is the raw file, {@code Content-Type: application/octet-stream}:
     * <pre>curl -H 'Content-Type: application/octet-stream' --data-binary @blinky.bin \
     *   'http://pi:8080/api/v1/boards/kit1/program?area=secondary&amp;format=bin'</pre>
     * (without the header curl sends {@code application/x-www-form-urlencoded}, answered with 415).
     *
     * @param area {@code primary}, {@code secondary}, {@code factory}, ... or an address such as
     *        {@code 0x18000200}; see {@link FlashTarget}. Required for {@code bin}; optional for
     *        {@code hex} (the file carries its addresses; a given area must contain every record).
     * @param format {@code bin} (default) or {@code hex}
     * @param image the file's bytes; an image larger than the area is 400
     */
    @POST
    @Path("/boards/{id}/program")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Program a (signed) image into a flash area or at an address")
    ProgramResult program(@PathParam("id") String id,
            @QueryParam("area")
            @Parameter(description = "primary | secondary | factory | bootloader | scratch | status | 0x<address>") String area,
            @QueryParam("format") @DefaultValue("bin")
            @Parameter(description = "bin | hex") ImageFormat format,
            @RequestBody(description = "The image file (imgtool .bin or .hex)", required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                            schema = @Schema(type = SchemaType.STRING, format = "binary"))) byte[] image);
}
