package dev.otalab.controller.run;

import dev.otalab.controller.ota.JobServiceApi;
import dev.otalab.controller.plan.Step;
import jakarta.ws.rs.WebApplicationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code campaign} and {@code blocked} steps: job-service's campaigns (create with an idempotency
 * key, start, await the end, cancel) and its revert blocks. A campaign ending otherwise than the plan
 * expects is a test FAILURE; a service that cannot be reached or refuses a request is ERROR.
 */
final class CampaignSteps {

    private static final Set<String> OPEN = Set.of("CREATED", "RUNNING", "PAUSED");

    private final JobServiceApi api;
    private final Run run;

    CampaignSteps(JobServiceApi api, Run run) {
        this.api = api;
        this.run = run;
    }

    /**
     * @param key the Idempotency-Key: the same for every attempt of this step of this run, so a retried
     *        create never makes a second campaign
     */
    String start(Step.Campaign c, String board, String digest, List<String> serials, String key, Map<String, String> vars,
            OtaSteps.Calls calls) throws RunExecutor.InfraError, RunExecutor.StepFailure, InterruptedException {
        JobServiceApi.CampaignRequest request = request(c, board, digest, serials, key);
        JobServiceApi.CampaignView created = calls.call("job-service create campaign", () -> api.createCampaign(key, request));
        vars.put(c.saveAs(), created.id());
        JobServiceApi.CampaignView started = created.state().equals("CREATED")
                ? calls.call("job-service start campaign", () -> startOnce(created.id()))
                : created; // an earlier attempt of this step started it
        String note = "campaign " + started.id() + " " + started.state() + " (" + started.reason() + ") for " + board
                + ": ${" + c.saveAs() + "}";
        if (c.await() == null) {
            return note;
        }
        return note + "; " + await(c.await(), started.id(), calls);
    }

    private JobServiceApi.CampaignRequest request(Step.Campaign c, String board, String digest, List<String> serials,
            String key) {
        Step.Campaign.Targets t = c.targets();
        var targets = new JobServiceApi.CampaignRequest.Targets(t.serialNumbers() == null ? null : serials, t.percent(),
                t.all());
        var waves = c.waves().stream().map(w -> new JobServiceApi.CampaignRequest.Wave(w.size(), w.percent())).toList();
        var abort = c.abort() == null ? null : new JobServiceApi.CampaignRequest.Abort(c.abort().failureTypes(),
                c.abort().percent(), c.abort().minExecuted());
        return new JobServiceApi.CampaignRequest(c.name() != null ? c.name() : "lab run " + key, board, digest, targets,
                waves, c.successThreshold(), abort, c.executionTimeoutSeconds(), c.maxAttempts(), c.confirmRequired());
    }

    /** Starts; a 409 after an attempt whose answer was lost is fine when the campaign is no longer CREATED. */
    private JobServiceApi.CampaignView startOnce(String id) {
        try {
            return api.campaignAction(id, "start");
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 409) {
                JobServiceApi.CampaignView now = api.campaign(id);
                if (!now.state().equals("CREATED")) {
                    return now;
                }
            }
            throw e;
        }
    }

    private String await(Step.Campaign.Await a, String id, OtaSteps.Calls calls)
            throws RunExecutor.InfraError, RunExecutor.StepFailure, InterruptedException {
        long deadline = System.currentTimeMillis() + a.timeoutMs();
        JobServiceApi.CampaignView v;
        while (true) {
            v = calls.call("job-service campaign", () -> api.campaign(id));
            if (!OPEN.contains(v.state()) || System.currentTimeMillis() >= deadline) {
                break;
            }
            OtaSteps.pause(run, Math.min(OtaSteps.POLL_MS, Math.max(1, deadline - System.currentTimeMillis())));
        }
        String expected = "campaign " + id + " ends " + a.state()
                + (a.counts().isEmpty() ? "" : " with executions " + a.counts()) + " within " + a.timeoutMs() + " ms";
        if (OPEN.contains(v.state())) {
            throw new RunExecutor.StepFailure("campaign still " + v.state() + " after " + a.timeoutMs() + " ms", expected,
                    actual(v, id));
        }
        if (!v.state().equals(a.state())) {
            throw new RunExecutor.StepFailure("campaign ended " + v.state() + ", not " + a.state(), expected, actual(v, id));
        }
        List<String> wrong = new ArrayList<>();
        for (var e : a.counts().entrySet()) {
            int n = v.counts() == null ? 0 : v.counts().getOrDefault(e.getKey(), 0);
            if (n != e.getValue()) {
                wrong.add(e.getKey() + " " + n + " (expected " + e.getValue() + ")");
            }
        }
        if (!wrong.isEmpty()) {
            throw new RunExecutor.StepFailure("executions: " + String.join(", ", wrong), expected, actual(v, id));
        }
        return "ended " + v.state() + " (" + v.reason() + "), executions " + nonZero(v.counts());
    }

    /** The campaign now: state, reason, counts and each execution (what a failed expectation is judged by). */
    private String actual(JobServiceApi.CampaignView v, String id) {
        String executions;
        try {
            executions = api.executions(id).stream().map(x -> x.deviceKey() + " " + x.state() + " " + x.fromVersion()
                    + "→" + x.lastVersion() + " (" + x.reason() + ")").collect(Collectors.joining("; "));
        } catch (RuntimeException e) {
            executions = "executions not readable: " + e.getMessage();
        }
        return v.state() + " (" + v.reason() + "), executions " + nonZero(v.counts()) + ": " + executions;
    }

    /** Cancels the board's open campaigns; one that ended meanwhile (409) is left as it is. */
    String cancel(String board, OtaSteps.Calls calls) throws RunExecutor.InfraError {
        List<String> canceled = new ArrayList<>();
        for (JobServiceApi.CampaignView c : calls.call("job-service campaigns", () -> api.campaigns(board, 1000))) {
            if (!OPEN.contains(c.state())) {
                continue;
            }
            boolean done = calls.call("job-service cancel campaign", () -> {
                try {
                    api.campaignAction(c.id(), "cancel");
                    return true;
                } catch (WebApplicationException e) {
                    if (e.getResponse().getStatus() == 409) {
                        return false;
                    }
                    throw e;
                }
            });
            if (done) {
                canceled.add(c.id());
            }
        }
        return canceled.isEmpty() ? "no open campaign for " + board : "canceled " + String.join(", ", canceled);
    }

    /**
     * {@code blocked}: passes when a device of {@code board} (with {@code serial}) has {@code version}
     * blocked; with {@code clear}, deletes those blocks.
     */
    String blocked(Step.Blocked b, String board, String version, String serial, OtaSteps.Calls calls)
            throws RunExecutor.InfraError, RunExecutor.StepFailure {
        List<String> blockedFor = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (JobServiceApi.DeviceView d : calls.call("job-service devices", () -> api.devices(board, 1000))) {
            if (serial != null && !serial.equals(d.serialNumber())) {
                continue;
            }
            JobServiceApi.DeviceDetail detail = calls.call("job-service device", () -> api.device(d.key()));
            List<String> versions = detail.blockedVersions() == null ? List.of()
                    : detail.blockedVersions().stream().map(JobServiceApi.DeviceDetail.BlockedVersion::version).toList();
            seen.add(d.key() + " " + versions);
            if (versions.contains(version)) {
                blockedFor.add(d.key());
            }
        }
        String device = "a device of " + board + (serial != null ? " with serial " + serial : "");
        if (b.clear()) {
            for (String key : blockedFor) {
                calls.call("job-service clear block", () -> {
                    try {
                        api.unblock(key, version);
                    } catch (WebApplicationException e) {
                        if (e.getResponse().getStatus() != 404) { // cleared meanwhile
                            throw e;
                        }
                    }
                    return null;
                });
            }
            return blockedFor.isEmpty() ? version + " was not blocked for " + device
                    : "cleared " + version + " for " + String.join(", ", blockedFor);
        }
        if (blockedFor.isEmpty()) {
            throw new RunExecutor.StepFailure(version + " is not blocked", version + " blocked for " + device,
                    seen.isEmpty() ? "no such device has reported" : "blocked versions: " + String.join(", ", seen));
        }
        return version + " blocked for " + String.join(", ", blockedFor);
    }

    private static String nonZero(Map<String, Integer> counts) {
        if (counts == null) {
            return "{}";
        }
        return counts.entrySet().stream().filter(e -> e.getValue() != null && e.getValue() != 0)
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
    }
}
