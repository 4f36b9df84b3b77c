package dev.otalab.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otalab.stack.client.LabControllerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nightly suite through the lab-controller's REST API: each plan is one run on the nightly board,
 * one after the other (both plans drive the same board). Prints each case as it ends and saves the
 * run's JUnit XML, JSON and HTML reports as {@code <reportDir>/<plan>.{xml,json,html}}.
 */
public final class NightlySuite {

    /** The built-in nightly suite (lab-controller README, "Plans"). */
    public static final List<String> PLANS = List.of("rollback-nightly", "ota-nightly");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);

    /** A finished run: its status, case counts and where its reports are. */
    public record PlanResult(String plan, String runId, String status, int passed, int failed, int skipped,
            long durationMs, List<String> failures) {

        public boolean ok() {
            return "PASSED".equals(status);
        }
    }

    private final LabControllerClient controller;
    private final Path reportDir;
    private final Progress progress;

    public NightlySuite(LabControllerClient controller, Path reportDir, Progress progress) {
        this.controller = controller;
        this.reportDir = reportDir;
        this.progress = progress;
    }

    public List<PlanResult> run(String boardId) throws IOException, InterruptedException {
        List<PlanResult> results = new ArrayList<>();
        for (String plan : PLANS) {
            results.add(runPlan(plan, boardId));
        }
        return results;
    }

    private PlanResult runPlan(String plan, String boardId) throws IOException, InterruptedException {
        String id = controller.startRun(plan, boardId, Map.of()).path("id").asText();
        progress.say("nightly: %s started on %s (run %s)", plan, boardId, id);
        JsonNode run = follow(id, plan);
        saveReports(plan, id);
        List<String> failures = new ArrayList<>();
        int passed = 0;
        int skipped = 0;
        for (JsonNode c : run.path("cases")) {
            switch (c.path("status").asText()) {
                case "PASSED" -> passed++;
                case "SKIPPED" -> skipped++;
                default -> failures.add(c.path("name").asText() + ": " + c.path("status").asText() + " " + c.path("message").asText(""));
            }
        }
        progress.say("nightly: %s %s (%d passed, %d failed, %d skipped)", plan, run.path("status").asText(), passed,
                failures.size(), skipped);
        return new PlanResult(plan, id, run.path("status").asText(), passed, failures.size(), skipped,
                run.path("durationMs").asLong(), failures);
    }

    /** Polls the run until it finished, printing each case once it has an outcome; cancels it on timeout. */
    private JsonNode follow(String id, String plan) throws InterruptedException {
        Set<String> printed = new HashSet<>();
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        String lastStatus = "";
        while (true) {
            JsonNode run = controller.run(id);
            for (JsonNode c : run.path("cases")) {
                String status = c.path("status").asText();
                if (!status.equals("PENDING") && !status.equals("RUNNING") && printed.add(c.path("name").asText())) {
                    progress.say("  %-7s %-40s %6.1f s%s", status, c.path("name").asText(), c.path("durationMs").asLong() / 1000.0,
                            status.equals("PASSED") ? "" : "  " + c.path("message").asText(""));
                }
            }
            String status = run.path("status").asText();
            if (!status.equals(lastStatus) && status.equals("QUEUED")) {
                String why = run.path("message").asText("");
                progress.say("  %s is queued: waiting for the board's lease%s", plan, why.isEmpty() ? "" : " (" + why + ")");
            }
            lastStatus = status;
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                controller.cancel(id);
                progress.say("  %s did not finish within %d min: cancelled", plan, RUN_TIMEOUT.toMinutes());
            }
            Thread.sleep(1000);
        }
    }

    private void saveReports(String plan, String id) throws IOException {
        Files.createDirectories(reportDir);
        for (String format : List.of("xml", "json", "html")) {
            Files.write(reportDir.resolve(plan + "." + format), controller.report(id, format));
        }
    }
}
