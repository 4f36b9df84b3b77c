package dev.otalab.controller.health;

import dev.otalab.controller.board.BoardClients;
import dev.otalab.labapi.LabApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One housekeeping lab-api client per agent URL, reused by every check. */
@ApplicationScoped
public class HousekeepingClients {

    private final Map<String, LabApi> clients = new ConcurrentHashMap<>();

    public LabApi forUrl(String url) {
        return clients.computeIfAbsent(url, BoardClients::housekeeping);
    }
}
