package dev.otalab.emulator.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otalab.emulator.kit.VirtualKit;
import dev.otalab.emulator.service.BoardRegistry;
import dev.otalab.emulator.service.Boards;
import dev.otalab.emulator.service.UartStream;
import dev.otalab.labapi.LabApi;
import dev.otalab.labapi.UartStreamApi;
import dev.otalab.labapi.uart.UartSse;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * {@link UartStreamApi}: the console as server-sent events, resumable with {@code Last-Event-ID}
 * ({@link UartSse#resumeAfter}). Errors (unknown board, bad {@code since}) are answered before the
 * stream starts, as problem JSON.
 */
@Path(LabApi.ROOT)
public class UartStreamResource implements UartStreamApi {

    @Inject
    BoardRegistry registry;

    @Inject
    ObjectMapper json;

    @Override
    public void streamUart(String id, Long since, String lastEventId, SseEventSink sink, Sse sse) {
        VirtualKit kit = registry.get(id);
        long after = UartSse.resumeAfter(lastEventId, since, kit.latestSeq());
        // Commit the response here, before any other thread writes to it: Quarkus REST writes the SSE
        // headers on the first send or once this method returns, and a send from the stream's pump
        // racing with that loses events. A comment line is ignored by every SSE client.
        Boards.await(sink.send(sse.newEventBuilder().comment("uart " + id).build()).toCompletableFuture());
        UartStream stream = UartStream.start(kit, after, sink, sse, json, registry.scheduler(), registry.executor(),
                () -> registry.find(id).orElse(null) == kit);
        stream.onClose(registry.attach(kit, stream::close));
    }
}
