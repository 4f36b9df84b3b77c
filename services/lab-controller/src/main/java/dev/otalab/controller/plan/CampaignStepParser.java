package dev.otalab.controller.plan;

import static dev.otalab.controller.plan.PlanParser.integer;
import static dev.otalab.controller.plan.PlanParser.onlyFields;
import static dev.otalab.controller.plan.PlanParser.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code campaign} step's fields: job-service's campaign request (same names, same ranges, see
 * services/job-service/README.md "Campaigns"), {@code saveAs}, {@code await}; or {@code cancel: true}.
 */
final class CampaignStepParser {

    /** The states a campaign ends in (job-service README, "Campaign states"). */
    static final List<String> CAMPAIGN_ENDS = List.of("SUCCEEDED", "ABORTED", "CANCELED");
    static final List<String> EXECUTION_STATES = List.of("QUEUED", "OFFERED", "DOWNLOADING", "DOWNLOADED",
            "INSTALLED", "SUCCEEDED", "REVERTED", "FAILED", "TIMED_OUT", "CANCELED");
    static final List<String> FAILURE_TYPES = List.of("FAILED", "TIMED_OUT", "REVERTED");
    static final long DEFAULT_AWAIT_MS = 600_000;

    private CampaignStepParser() {
    }

    static Step parse(JsonNode a, String w) {
        JsonNode c = a.get("cancel");
        if (c != null) {
            if (!c.isBoolean() || !c.asBoolean()) {
                throw new PlanException(w + ".cancel: must be true (cancels the board's open campaigns); leave it out to"
                        + " start one");
            }
            onlyFields(a, w, "board", "cancel");
            return new Step.CampaignCancel(PlanParser.board(a, w));
        }
        onlyFields(a, w, "board", "digest", "name", "targets", "waves", "successThreshold", "abort",
                "executionTimeoutSeconds", "maxAttempts", "confirmRequired", "saveAs", "await", "cancel");
        String name = text(a, "name", w + ".name", false);
        if (name != null && name.length() > 200) {
            throw new PlanException(w + ".name: at most 200 characters, got " + name.length());
        }
        Integer threshold = a.has("successThreshold")
                ? (int) integer(a, "successThreshold", w + ".successThreshold", true, 0, 100) : null;
        Long timeout = a.has("executionTimeoutSeconds")
                ? integer(a, "executionTimeoutSeconds", w + ".executionTimeoutSeconds", true, 1, 604_800) : null;
        Integer attempts = a.has("maxAttempts") ? (int) integer(a, "maxAttempts", w + ".maxAttempts", true, 1, 10) : null;
        JsonNode confirm = a.get("confirmRequired");
        if (confirm != null && !confirm.isBoolean()) {
            throw new PlanException(w + ".confirmRequired: must be true or false");
        }
        String saveAs = a.has("saveAs") ? text(a, "saveAs", w + ".saveAs", true) : "campaign";
        return new Step.Campaign(PlanParser.board(a, w), PlanParser.digest(a, w), name, targets(a.get("targets"), w + ".targets"),
                waves(a.get("waves"), w + ".waves"), threshold, abort(a.get("abort"), w + ".abort"), timeout, attempts,
                confirm == null ? null : confirm.asBoolean(), PlanParser.variableName(saveAs, w + ".saveAs"),
                await(a.get("await"), w + ".await"));
    }

    /** Default: every device of the board job-service knows at start ({@code all}). */
    private static Step.Campaign.Targets targets(JsonNode t, String w) {
        if (t == null || t.isNull()) {
            return new Step.Campaign.Targets(null, null, true);
        }
        if (!t.isObject() || t.size() != 1) {
            throw new PlanException(w + ": must be exactly one of {serialNumbers: [..]}, {percent: 1..100}, {all: true}");
        }
        onlyFields(t, w, "serialNumbers", "percent", "all");
        if (t.has("serialNumbers")) {
            List<String> serials = PlanParser.stringList(t.get("serialNumbers"), w + ".serialNumbers");
            if (serials.isEmpty() || serials.size() > 10_000) {
                throw new PlanException(w + ".serialNumbers: must list 1..10000 serial numbers, got " + serials.size());
            }
            for (int i = 0; i < serials.size(); i++) {
                if (serials.get(i).isEmpty()) {
                    throw new PlanException(w + ".serialNumbers[" + i + "]: must not be empty");
                }
            }
            return new Step.Campaign.Targets(serials, null, null);
        }
        if (t.has("percent")) {
            return new Step.Campaign.Targets(null, (int) integer(t, "percent", w + ".percent", true, 1, 100), null);
        }
        if (!t.get("all").isBoolean() || !t.get("all").asBoolean()) {
            throw new PlanException(w + ".all: must be true");
        }
        return new Step.Campaign.Targets(null, null, true);
    }

    /** Default: one wave of every device. */
    private static List<Step.Campaign.Wave> waves(JsonNode n, String w) {
        if (n == null || n.isNull()) {
            return List.of(new Step.Campaign.Wave(null, 100));
        }
        if (!n.isArray() || n.isEmpty() || n.size() > 100) {
            throw new PlanException(w + ": must be a list of 1..100 waves, each {size: n} or {percent: 1..100}");
        }
        List<Step.Campaign.Wave> out = new ArrayList<>();
        int percentSum = 0;
        for (int i = 0; i < n.size(); i++) {
            JsonNode v = n.get(i);
            String wi = w + "[" + i + "]";
            if (!v.isObject() || v.size() != 1) {
                throw new PlanException(wi + ": must be exactly one of {size: n} or {percent: 1..100}");
            }
            onlyFields(v, wi, "size", "percent");
            if (v.has("size")) {
                out.add(new Step.Campaign.Wave((int) integer(v, "size", wi + ".size", true, 1, 10_000), null));
            } else {
                int p = (int) integer(v, "percent", wi + ".percent", true, 1, 100);
                percentSum += p;
                out.add(new Step.Campaign.Wave(null, p));
            }
        }
        if (percentSum > 100) {
            throw new PlanException(w + ": the waves' percentages add up to " + percentSum + ", at most 100");
        }
        return List.copyOf(out);
    }

    private static Step.Campaign.Abort abort(JsonNode n, String w) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new PlanException(w + ": must be a mapping (failureTypes, percent, minExecuted)");
        }
        onlyFields(n, w, "failureTypes", "percent", "minExecuted");
        List<String> types = null;
        if (n.has("failureTypes")) {
            types = PlanParser.stringList(n.get("failureTypes"), w + ".failureTypes");
            for (int i = 0; i < types.size(); i++) {
                if (!FAILURE_TYPES.contains(types.get(i))) {
                    throw new PlanException(w + ".failureTypes[" + i + "]: must be one of " + FAILURE_TYPES + ", got '"
                            + types.get(i) + "'");
                }
            }
        }
        int percent = (int) integer(n, "percent", w + ".percent", true, 1, 100);
        Integer min = n.has("minExecuted") ? (int) integer(n, "minExecuted", w + ".minExecuted", true, 1, 1_000_000) : null;
        return new Step.Campaign.Abort(types, percent, min);
    }

    private static Step.Campaign.Await await(JsonNode n, String w) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new PlanException(w + ": must be a mapping (state, timeoutMs, counts)");
        }
        onlyFields(n, w, "state", "timeoutMs", "counts");
        String state = text(n, "state", w + ".state", true);
        if (!CAMPAIGN_ENDS.contains(state)) {
            throw new PlanException(w + ".state: must be a state a campaign ends in, one of " + CAMPAIGN_ENDS + ", got '"
                    + state + "'");
        }
        long timeout = n.has("timeoutMs") ? integer(n, "timeoutMs", w + ".timeoutMs", true, 1, 86_400_000)
                : DEFAULT_AWAIT_MS;
        Map<String, Integer> counts = new LinkedHashMap<>();
        JsonNode c = n.get("counts");
        if (c != null && !c.isNull()) {
            if (!c.isObject() || c.isEmpty()) {
                throw new PlanException(w + ".counts: must be a mapping of execution state to number, e.g. {REVERTED: 1}");
            }
            Iterator<String> it = c.fieldNames();
            while (it.hasNext()) {
                String s = it.next();
                if (!EXECUTION_STATES.contains(s)) {
                    throw new PlanException(w + ".counts." + s + ": unknown execution state, expected one of "
                            + EXECUTION_STATES);
                }
                counts.put(s, (int) integer(c, s, w + ".counts." + s, true, 0, 1_000_000));
            }
        }
        return new Step.Campaign.Await(state, timeout, java.util.Collections.unmodifiableMap(counts));
    }
}
