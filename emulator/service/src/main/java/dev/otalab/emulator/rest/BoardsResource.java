package dev.otalab.emulator.rest;

import static dev.otalab.emulator.service.Boards.await;
import static dev.otalab.emulator.service.Boards.body;
import static dev.otalab.emulator.service.Boards.on;

import dev.otalab.emulator.service.BoardRegistry;
import dev.otalab.labapi.FlashTarget;
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
 * {@link LabApi} on virtual kits. Plain blocking methods: Quarkus REST runs them on worker
 * threads, so a power cycle, a press, an expect or an LED window may take their time.
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
        PowerRequest r = body(request);
        return on(registry, id, kit -> {
            switch (r.action()) {
                case ON -> kit.powerOn();
                case OFF -> kit.powerOff();
                case CYCLE -> await(kit.powerCycle(r.effectiveOffMs()));
            }
            return kit.info();
        });
    }

    @Override
    public void button(String id, ButtonRequest request) {
        ButtonRequest r = body(request);
        on(registry, id, kit -> {
            switch (r.action()) {
                case PRESS -> await(kit.press(r.effectivePressMs()));
                case HOLD -> {
                    if (r.ms() != null) {
                        kit.hold(r.ms());
                    } else {
                        kit.hold();
                    }
                }
                case RELEASE -> kit.release();
            }
            return null;
        });
    }

    @Override
    public UartPage uart(String id, Long since, Integer limit) {
        long s = since == null ? 0 : since;
        int l = limit == null ? UartPage.DEFAULT_LIMIT : limit;
        if (s < 0) {
            throw new IllegalArgumentException("since must be >= 0, got " + s);
        }
        if (l < 1 || l > UartPage.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + UartPage.MAX_LIMIT + ", got " + l);
        }
        return on(registry, id, kit -> kit.uart(s, l));
    }

    @Override
    public ExpectResult expect(String id, ExpectRequest request) {
        ExpectRequest r = body(request);
        return on(registry, id, kit -> await(kit.expect(r)));
    }

    @Override
    public void writeUart(String id, UartWriteRequest request) {
        UartWriteRequest r = body(request);
        on(registry, id, kit -> {
            kit.write(r.text());
            return null;
        });
    }

    @Override
    public LedState led(String id, Long windowMs) {
        long w = windowMs == null ? LedState.DEFAULT_WINDOW_MS : windowMs;
        if (w < 0 || w > LedState.MAX_WINDOW_MS) {
            throw new IllegalArgumentException("windowMs must be between 0 and " + LedState.MAX_WINDOW_MS + ", got " + w);
        }
        return on(registry, id, kit -> await(kit.observeLed(w)));
    }

    @Override
    public ProgramResult program(String id, String area, ImageFormat format, byte[] image) {
        registry.get(id); // unknown board first: 404 before any complaint about the body
        if (image == null || image.length == 0) {
            throw new ProblemException(Problem.badRequest("the request body (the image file) is empty"));
        }
        ImageFormat f = format == null ? ImageFormat.BIN : format;
        FlashTarget target = area == null || area.isBlank() ? null : FlashTarget.parse(area);
        return on(registry, id, kit -> kit.program(target, image, f));
    }
}
