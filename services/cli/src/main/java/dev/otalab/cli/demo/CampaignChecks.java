package dev.otalab.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/** What the demo asserts about a campaign and its executions (job-service's views). */
final class CampaignChecks {

    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "REVERTED", "FAILED", "TIMED_OUT", "CANCELED");
    private static final Set<String> ENDED = Set.of("SUCCEEDED", "ABORTED", "CANCELED");

    private final JsonNode campaign;
    private final JsonNode executions;

    CampaignChecks(JsonNode campaign, JsonNode executions) {
        this.campaign = campaign;
        this.executions = executions;
    }

    static boolean ended(JsonNode campaign) {
        return ENDED.contains(campaign.path("state").asText());
    }

    /** Every execution is terminal (after an abort, offered ones are still followed to their outcome). */
    static boolean settled(JsonNode executions) {
        for (JsonNode e : executions) {
            if (!TERMINAL.contains(e.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    /** {@code REVERTED 3, CANCELED 7}: the states that have executions. */
    static String nonZero(JsonNode counts) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        counts.fields().forEachRemaining(e -> {
            if (e.getValue().asInt() > 0) {
                j.add(e.getKey() + " " + e.getValue().asInt());
            }
        });
        return j.toString();
    }

    /**
     * ABORTED; every wave-1 device that was offered the image REVERTED (at least one); no device of
     * wave 2 was ever offered it (all CANCELED, no offer).
     */
    boolean abortedAfterRevert() {
        if (!"ABORTED".equals(campaign.path("state").asText())) {
            return false;
        }
        int reverted = 0;
        for (JsonNode e : executions) {
            int offers = e.path("offers").asInt();
            String state = e.path("state").asText();
            if (e.path("wave").asInt() == 1) {
                if (offers > 0 && !state.equals("REVERTED")) {
                    return false;
                }
                reverted += state.equals("REVERTED") ? 1 : 0;
            } else if (offers > 0 || !state.equals("CANCELED")) {
                return false;
            }
        }
        return reverted > 0;
    }

    String describe() {
        StringJoiner waves = new StringJoiner("; ");
        for (JsonNode w : campaign.path("waves")) {
            waves.add("wave " + w.path("number").asInt() + " (" + w.path("devices").asInt() + " devices, released "
                    + w.path("released").asBoolean() + ") " + nonZero(w.path("counts")));
        }
        return "campaign " + campaign.path("state").asText() + " (" + campaign.path("reason").asText() + "); " + waves;
    }

    /** Serial numbers of the executions in {@code state}. */
    List<String> serialsIn(String state) {
        List<String> serials = new ArrayList<>();
        for (JsonNode e : executions) {
            if (state.equals(e.path("state").asText())) {
                String key = e.path("deviceKey").asText();
                serials.add(key.substring(key.indexOf(':') + 1));
            }
        }
        return serials;
    }
}
