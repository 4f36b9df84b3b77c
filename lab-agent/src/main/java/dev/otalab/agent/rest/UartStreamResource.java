package dev.otalab.agent.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otalab.agent.board.Board;
import dev.otalab.agent.board.BoardRegistry;
import dev.otalab.agent.serial.LineBuffer;
import dev.otalab.labapi.LabApi;
import dev.otalab.labapi.UartStreamApi;
import dev.otalab.labapi.dto.UartLine;
import dev.otalab.rest.UartSseStream;
import dev.otalab.labapi.uart.UartSse;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * {@link UartStreamApi}: the console as server-sent events, resumable with {@code Last-Event-ID}
 * ({@link UartSse#resumeAfter}). Errors (unknown board, no UART, bad {@code since}) are answered
 * before the stream starts, as problem JSON. The stream survives the serial port going away and
 * coming back: it follows the board's line numbering, not the port.
 */
@Path(LabApi.ROOT)
public class UartStreamResource implements UartStreamApi {

    @Inject
    BoardRegistry registry;

    @Inject
    ObjectMapper json;

    @Override
    public void streamUart(String id, Long since, String lastEventId, SseEventSink sink, Sse sse) {
        Board board = registry.get(id);
        LineBuffer console = board.console();
        long after = UartSse.resumeAfter(lastEventId, since, console.latestSeq());
        UartSseStream.start("uart " + id, listening -> console.subscribe(after, new LineBuffer.Listener() {
            @Override
            public void onLine(UartLine line) {
                listening.onLine(line);
            }

            @Override
            public void onDropped(long count) {
                listening.onDropped(count);
            }
        }), sink, sse, json, registry.lab().scheduler(), registry.lab().scheduler(), () -> true);
    }
}
