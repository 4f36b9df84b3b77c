package dev.otalab.emulator.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otalab.emulator.kit.VirtualKit;
import dev.otalab.emulator.service.BoardRegistry;
import dev.otalab.emulator.kit.UartListener;
import dev.otalab.labapi.dto.UartLine;
import dev.otalab.rest.UartSseStream;
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
        UartSseStream stream = UartSseStream.start("uart " + id, listening -> kit.subscribe(after, new UartListener() {
            @Override
            public void onLine(UartLine line) {
                listening.onLine(line);
            }

            @Override
            public void onDropped(long count) {
                listening.onDropped(count);
            }
        }), sink, sse, json, registry.scheduler(), registry.executor(), () -> registry.find(id).orElse(null) == kit);
        stream.onClose(registry.attach(kit, stream::close));
    }
}
