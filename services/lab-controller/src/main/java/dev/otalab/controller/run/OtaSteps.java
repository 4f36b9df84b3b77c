package dev.otalab.controller.run;

import dev.otalab.controller.ota.ImageStoreApi;
import dev.otalab.controller.ota.JobServiceApi;
import dev.otalab.controller.ota.OtaClients;
import dev.otalab.controller.plan.Step;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The plan steps that drive the OTA services: {@code upload} (signing-service, image-store), {@code job},
 * {@code waitVersion}, {@code campaign} and {@code blocked} (job-service). They never touch the board, so
 * they run unchanged against emulated and real kits; the board string ({@code ${otaBoard}}) ties them to
 * the board under test.
 */
final class OtaSteps {

    /** How a service call is made: {@link RunExecutor}'s retry of infrastructure errors. */
    interface Calls {
        <T> T call(String what, Supplier<T> action) throws RunExecutor.InfraError;
    }

    /** Checks waitVersion polls job-service at. */
    static final long POLL_MS = 500;

    private final OtaClients clients;
    private final UploadImages images;
    private final Run run;

    OtaSteps(OtaClients clients, UploadImages images, Run run) {
        this.clients = clients;
        this.images = images;
        this.run = run;
    }

    String upload(Step.Upload u, String board, Map<String, String> vars, Calls calls) throws RunExecutor.InfraError {
        ImageStoreApi api = service(clients::images);
        UploadImages.Prepared image = images.prepare(u.image(), board, calls);
        ImageStoreApi.StoredImage stored = calls.call("image-store upload", () -> api.upload(board, image.bytes()));
        vars.put(u.saveAs(), stored.digest());
        return "stored " + stored.version() + " (" + stored.size() + " bytes, " + image.signedBy() + ") for " + board
                + ": ${" + u.saveAs() + "} = " + stored.digest();
    }

    String job(Step.Job j, String board, String digest, Calls calls) throws RunExecutor.InfraError {
        JobServiceApi api = service(clients::jobs);
        if (j.delete()) {
            try {
                calls.call("job-service delete job", () -> {
                    api.deleteJob(board);
                    return null;
                });
            } catch (RunExecutor.InfraError e) {
                if (!String.valueOf(e.getMessage()).contains(" 404 ")) { // no job: nothing to delete
                    throw e;
                }
            }
            return "no job for " + board;
        }
        JobServiceApi.JobView v = calls.call("job-service put job", () -> api.putJob(board,
                new JobServiceApi.JobRequest(digest, j.broker(), j.port(), j.serialNumbers())));
        return "job revision " + v.revision() + ": " + board + " → " + v.version();
    }

    String waitVersion(Step.WaitVersion w, String board, String version, String serial, Calls calls)
            throws RunExecutor.InfraError, RunExecutor.StepFailure, InterruptedException {
        JobServiceApi api = service(clients::jobs);
        Map<String, Long> before = new HashMap<>();
        for (JobServiceApi.DeviceView d : calls.call("job-service devices", () -> api.devices(board, 1000))) {
            before.put(d.key(), d.checks());
        }
        long deadline = System.currentTimeMillis() + w.timeoutMs();
        List<JobServiceApi.DeviceView> seen = List.of();
        while (true) {
            seen = calls.call("job-service devices", () -> api.devices(board, 1000)).stream()
                    .filter(d -> serial == null || serial.equals(d.serialNumber()))
                    .filter(d -> d.checks() > before.getOrDefault(d.key(), 0L))
                    .toList();
            for (JobServiceApi.DeviceView d : seen) {
                if (version.equals(d.lastVersion()) && (w.decision() == null || w.decision().equals(d.lastDecision()))) {
                    return d.key() + " reported " + d.lastVersion() + " (" + d.lastDecision() + ")";
                }
            }
            if (System.currentTimeMillis() >= deadline) {
                break;
            }
            sleep(Math.min(POLL_MS, Math.max(1, deadline - System.currentTimeMillis())));
        }
        String expected = "a device of " + board + (serial != null ? " with serial " + serial : "") + " checking in with "
                + version + (w.decision() != null ? " and getting " + w.decision() : "") + " within " + w.timeoutMs() + " ms";
        throw new RunExecutor.StepFailure("version " + version + " not reported", expected, seen.isEmpty()
                ? "no check from such a device"
                : "last checks: " + seen.stream().map(d -> d.key() + " " + d.lastVersion() + " " + d.lastDecision())
                        .collect(Collectors.joining(", ")));
    }

    CampaignSteps campaigns() throws RunExecutor.InfraError {
        return new CampaignSteps(service(clients::jobs), run);
    }

    private void sleep(long ms) throws InterruptedException {
        pause(run, ms);
    }

    /** Sleeps between polls; a cancelled run ends the wait. */
    static void pause(Run run, long ms) throws InterruptedException {
        if (run.cancelRequested()) {
            throw new InterruptedException("run cancelled");
        }
        Thread.sleep(ms);
    }

    private static <T> T service(Supplier<T> api) throws RunExecutor.InfraError {
        try {
            return api.get();
        } catch (OtaClients.NotConfigured e) {
            throw new RunExecutor.InfraError(e.getMessage(), e);
        }
    }
}
