package dev.otalab.agent.rest;

import dev.otalab.agent.board.BoardRegistry;
import dev.otalab.labapi.LabApi;
import dev.otalab.labapi.Problem;
import dev.otalab.labapi.ProblemException;
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
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import java.util.List;

/**
 * {@link LabApi} on the real kits of this Raspberry Pi. Plain blocking methods: Quarkus REST runs
 * them on worker threads, so a power cycle, a press, an expect, an LED window or a programming run
 * may take their time. The emulator-only {@code EmulatorApi} is not offered.
 */
@Path(LabApi.ROOT)
public class BoardsResource implements LabApi {

    @Inject
    BoardRegistry registry;

    @Override
    public List<BoardInfo> listBoards() {
        return registry.list();
    }

    @Override
    public BoardInfo getBoard(String id) {
        return registry.get(id).info();
    }

    @Override
    public BoardInfo power(String id, PowerRequest request) {
        var board = registry.get(id);
        return board.power(body(request));
    }

    @Override
    public void button(String id, ButtonRequest request) {
        var board = registry.get(id);
        board.button(body(request));
    }

    @Override
    public UartPage uart(String id, Long since, Integer limit) {
        var board = registry.get(id);
        long s = since == null ? 0 : since;
        int l = limit == null ? UartPage.DEFAULT_LIMIT : limit;
        if (s < 0) {
            throw new IllegalArgumentException("since must be >= 0, got " + s);
        }
        if (l < 1 || l > UartPage.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + UartPage.MAX_LIMIT + ", got " + l);
        }
        return board.uart(s, l);
    }

    @Override
    public ExpectResult expect(String id, ExpectRequest request) {
        var board = registry.get(id);
        return board.expect(body(request));
    }

    @Override
    public void writeUart(String id, UartWriteRequest request) {
        var board = registry.get(id);
        board.write(body(request).text());
    }

    @Override
    public LedState led(String id, Long windowMs) {
        var board = registry.get(id);
        long w = windowMs == null ? LedState.DEFAULT_WINDOW_MS : windowMs;
        if (w < 0 || w > LedState.MAX_WINDOW_MS) {
            throw new IllegalArgumentException("windowMs must be between 0 and " + LedState.MAX_WINDOW_MS + ", got " + w);
        }
        return board.led(w);
    }

    @Override
    public ProgramResult program(String id, String area, ImageFormat format, byte[] image) {
        var board = registry.get(id); // unknown board first: 404 before any complaint about the body
        return board.program(area, format, image);
    }

    /** 400 when a required JSON body is missing. */
    static <T> T body(T request) {
        if (request == null) {
            throw new ProblemException(Problem.badRequest("a JSON body is required"));
        }
        return request;
    }
}
