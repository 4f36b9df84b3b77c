package dev.otalab.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otalab.cli.demo.CampaignDemo.Services;
import dev.otalab.stack.client.ServiceCallException;
import dev.otalab.stack.client.SigningClient.SignedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The campaign's kits on the emulator service: one board per serial ({@code kit-NN}), all with the same
 * board string, each with its own serial number; and what job-service knows about them.
 */
final class EmulatorFleet {

    private final Services services;
    private final String board;
    private final List<String> serials;
    private final List<String> ids = new ArrayList<>();

    EmulatorFleet(Services services, String board, List<String> serials) {
        this.services = services;
        this.board = board;
        this.serials = serials;
    }

    List<String> serials() {
        return serials;
    }

    /** Creates, programs ({@code primary}) and powers on one emulated kit per serial. */
    void create(SignedImage primary) {
        for (int i = 0; i < serials.size(); i++) {
            String id = String.format("kit-%02d", i + 1);
            services.emulator().createBoard(id, CampaignDemo.KIT, CampaignDemo.LAYOUT, "mcuboot",
                    Map.of("board", board, "serialNumber", serials.get(i)));
            ids.add(id);
            services.emulator().program(id, "primary", primary.bytes());
            services.emulator().power(id, "on");
        }
    }

    void delete() {
        ids.forEach(id -> services.emulator().deleteBoard(id));
        ids.clear();
    }

    int checkedIn() {
        Set<String> seen = new HashSet<>();
        for (JsonNode d : services.jobs().devices(board)) {
            seen.add(d.path("serialNumber").asText());
        }
        seen.retainAll(serials);
        return seen.size();
    }

    boolean allCheckedIn() {
        return checkedIn() == serials.size();
    }

    /** Kit id → the version its OTA agent runs (emulator {@code GET /boards/{id}/ota}). */
    Map<String, String> runningVersions() {
        Map<String, String> versions = new LinkedHashMap<>();
        ids.forEach(id -> versions.put(id, services.emulator().ota(id).path("runningVersion").asText(null)));
        return versions;
    }

    List<String> blockedVersions(String serial) {
        List<String> versions = new ArrayList<>();
        device(serial).path("blockedVersions").forEach(b -> versions.add(b.path("version").asText()));
        return versions;
    }

    int reportsWithDecision(String serial, String decision) {
        int n = 0;
        for (JsonNode r : device(serial).path("reports")) {
            n += decision.equals(r.path("decision").asText()) ? 1 : 0;
        }
        return n;
    }

    private JsonNode device(String serial) {
        try {
            return services.jobs().device(board, serial);
        } catch (ServiceCallException e) {
            if (e.status() == 404) {
                return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
            throw e;
        }
    }
}
