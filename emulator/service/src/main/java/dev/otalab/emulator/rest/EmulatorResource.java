package dev.otalab.emulator.rest;

import static dev.otalab.emulator.service.Boards.body;
import static dev.otalab.emulator.service.Boards.on;

import dev.otalab.emulator.service.BoardRegistry;
import dev.otalab.emulator.service.OtaViews;
import dev.otalab.labapi.EmulatorApi;
import dev.otalab.labapi.FlashTarget;
import dev.otalab.labapi.LabApi;
import dev.otalab.labapi.dto.BoardInfo;
import dev.otalab.labapi.dto.CreateBoardRequest;
import dev.otalab.labapi.dto.FaultRequest;
import dev.otalab.labapi.dto.FaultState;
import dev.otalab.labapi.dto.FlashDump;
import dev.otalab.labapi.dto.OtaAgentStatus;
import dev.otalab.labapi.dto.SlotInfo;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;

/** {@link EmulatorApi}: create/delete virtual boards, fault injection, flash and slot views. */
@Path(LabApi.ROOT)
public class EmulatorResource implements EmulatorApi {

    @Inject
    BoardRegistry registry;

    @Override
    public Response createBoard(CreateBoardRequest request) {
        BoardInfo info = registry.create(body(request));
        return Response.created(UriBuilder.fromPath(LabApi.ROOT).path("boards").path(info.id()).build())
                .entity(info)
                .build();
    }

    @Override
    public void deleteBoard(String id) {
        registry.delete(id);
    }

    @Override
    public FaultState armFault(String id, FaultRequest request) {
        FaultRequest r = body(request);
        return on(registry, id, kit -> kit.armFault(r));
    }

    @Override
    public FaultState getFaults(String id) {
        return on(registry, id, kit -> kit.faults());
    }

    @Override
    public void clearFaults(String id) {
        on(registry, id, kit -> {
            kit.clearFaults();
            return null;
        });
    }

    @Override
    public FlashDump dumpFlash(String id, String area, Long offset, Long length) {
        registry.get(id);
        FlashTarget target = FlashTarget.parse(area);
        long off = offset == null ? 0 : offset;
        Integer len = length(length);
        return on(registry, id, kit -> kit.dump(target, off, len));
    }

    @Override
    public byte[] dumpFlashRaw(String id, String area, Long offset, Long length) {
        return dumpFlash(id, area, offset, length).data();
    }

    @Override
    public List<SlotInfo> slots(String id) {
        return on(registry, id, kit -> kit.slots());
    }

    @Override
    public OtaAgentStatus otaStatus(String id) {
        return on(registry, id, OtaViews::of);
    }

    private static Integer length(Long length) {
        if (length == null) {
            return null;
        }
        if (length < 0 || length > FlashDump.MAX_LENGTH) {
            throw new IllegalArgumentException("length must be between 0 and " + FlashDump.MAX_LENGTH + ", got " + length);
        }
        return length.intValue();
    }
}
