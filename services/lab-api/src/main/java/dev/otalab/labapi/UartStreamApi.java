package dev.otalab.labapi;

import dev.otalab.labapi.uart.UartSse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/v1/boards/{id}/uart/stream}: the console as server-sent events. Server side only.
 *
 * <p>Why a separate interface: the method takes JAX-RS {@code @Context SseEventSink}/{@code Sse}
 * parameters, which a server fills in but a MicroProfile REST client interface cannot declare. With
 * it inside {@link LabApi} no REST client could be built from {@code LabApi}. It uses only
 * {@code jakarta.ws.rs.sse} (no Mutiny), so it runs on Quarkus REST and any JAX-RS 3.1 server.
 * Clients consume it with {@code jakarta.ws.rs.sse.SseEventSource}, a Quarkus REST client method
 * returning {@code Multi<SseEvent<String>>} declared in the client's own interface, or
 * {@code curl -N}.
 *
 * <p>The stream, for each line after the resume point, in order:
 * <pre>id: 42
 *event: line
 *data: {"seq":42,"timestamp":"2025-06-01T10:15:30.123Z","text":"[INF] MCUboot Bootloader Started"}
 *</pre>
 * {@code id} is the line's {@code seq}, {@code event} is {@value UartSse#EVENT_LINE}, {@code data}
 * a {@link dev.otalab.labapi.dto.UartLine} as JSON. If lines were dropped from the ring buffer before
 * they could be sent, one {@value UartSse#EVENT_DROPPED} event carries the count in {@code data}.
 * Servers send a comment (": keepalive") at least every {@value UartSse#KEEPALIVE_SECONDS} s.
 * Send {@code data} as an already serialised JSON string without a per-event media type: Quarkus
 * REST otherwise adds a non-standard {@code content-type:} field to each event.
 *
 * <p>Resuming: a reconnecting EventSource sends {@code Last-Event-ID: <seq>}; the stream continues
 * with {@code seq > Last-Event-ID}. Without it, {@code ?since=SEQ} picks the start (default: only new
 * lines). {@link UartSse#resumeAfter(String, Long, long)} implements the rule.
 */
@Path(LabApi.ROOT)
@Tag(name = "boards")
public interface UartStreamApi {

    @GET
    @Path("/boards/{id}/uart/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Stream console lines as server-sent events (resumable with Last-Event-ID)")
    void streamUart(@PathParam("id") String id,
            @QueryParam("since")
            @Parameter(description = "Start after this seq; absent = only new lines; ignored when Last-Event-ID is sent") Long since,
            @HeaderParam(UartSse.LAST_EVENT_ID)
            @Parameter(description = "seq of the last event received, sent by reconnecting clients") String lastEventId,
            @Context SseEventSink sink,
            @Context Sse sse);
}
