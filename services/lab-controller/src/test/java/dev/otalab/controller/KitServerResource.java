package dev.otalab.controller;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts a {@link VirtualKitServer} with board {@code emu-cfg} and configures it as a nightly board. */
public class KitServerResource implements QuarkusTestResourceLifecycleManager {

    private VirtualKitServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = new VirtualKitServer();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.addRollbackKit("emu-cfg");
        return Map.of(
                "otalab.controller.boards.\"emu-cfg\"", server.url(),
                "otalab.controller.nightly-boards", "emu-cfg",
                "otalab.controller.nightly-plan", "fault-and-power",
                "otalab.controller.nightly-cron", "0/3 * * * * ?");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
