package dev.otalab.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otalab.cli.ProjectPaths;
import dev.otalab.emulator.ota.OtaTimers;
import dev.otalab.stack.OtaBackend;
import dev.otalab.stack.OtalabService;
import dev.otalab.stack.client.ImageStoreClient.StoredImage;
import dev.otalab.stack.client.SigningClient;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One job-service campaign over N in-process emulated kits ({@link KitFleet}) through the real backend:
 * every kit runs the OTA app 1.0.0 and checks in once (no job), then a campaign for all of them rolls out a
 * good 1.1.0 of SIZE bytes in waves of 10 % and 90 % (swap layout: SUCCEEDED once a kit reports 1.1.0 at two
 * checks). Last line: {@code devices N, minutes M, succeeded S, lost L}; M = campaign start → end, lost = kits
 * not running 1.1.0 at the end or whose execution is not SUCCEEDED.
 */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = "One campaign over N emulated kits through the OTA services (waves 10 %, 90 %).")
public final class CampaignBench implements Callable<Integer> {

    /** Held so the level sticks: Vert.x logs every kit connection at INFO. */
    private static final Logger VERTX_MQTT = Logger.getLogger("io.vertx.mqtt");

    @Option(names = "--devices", defaultValue = "100", paramLabel = "N", description = "kits, 1..1000 (default 100)")
    int devices;
    @Option(names = "--size", defaultValue = "65536", paramLabel = "BYTES", description = "application size (default 64 KiB)")
    int size;
    @Option(names = "--timeout", defaultValue = "1800", paramLabel = "SECONDS", description = "give up after this")
    int timeoutSeconds;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // job-service lists at most 1,000 devices per board: the check-in wait reads that list
        if (devices < 1 || devices > 1000) {
            throw new IllegalArgumentException("--devices must be between 1 and 1000");
        }
        if (size < 1 || size > 0x1B0000) {
            throw new IllegalArgumentException("--size must be between 1 and " + 0x1B0000 + " (the 1.75 MiB slot)");
        }
        VERTX_MQTT.setLevel(Level.WARNING);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String runId = HexFormat.of().toHexDigits(new SecureRandom().nextInt());
        String board = "APP_CAMPAIGN_" + runId;
        err.println("starting the backend (broker, signing-service, image-store, job-service)");
        try (OtaBackend backend = OtaBackend.builder().root(ProjectPaths.root()).boards(board).jvmOptions("-Xmx512m")
                .property(OtalabService.JOB_SERVICE, "otalab.jobs.max-concurrent-checks", String.valueOf(Math.max(64, devices)))
                .logDir(ProjectPaths.root().resolve("target/otalab-bench-campaign")).start()) {
            SecureRandom random = new SecureRandom();
            byte[] app = new byte[16_000];
            random.nextBytes(app);
            byte[] update = new byte[size];
            random.nextBytes(update);
            SigningClient.SignedImage primary = backend.signing().sign(app, OtaBench.signOptions("1.0.0", 0x00));
            StoredImage stored = backend.images().upload(board, backend.signing().sign(update, OtaBench.signOptions("1.1.0", 0xFF)).bytes());
            // CE timers, first check soon (spread by KitFleet); a download that gets no data for 60 s (its
            // Request Update was dropped by an overloaded service) is retried rather than waited on for the CE's 300 s
            OtaTimers timers = OtaTimers.ce().toBuilder().initialCheckMs(100)
                    .dataTimeoutMs(60_000).rebootDelayMs(100).build();
            try (KitFleet fleet = new KitFleet(backend.broker(), board, "CAMP-" + runId, devices, timers, primary.bytes())) {
                fleet.powerOn();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
                awaitCheckIns(backend, board, fleet, deadline, err);
                Result r = runCampaign(backend, board, stored, fleet, deadline, err);
                out.printf("devices %d, minutes %.1f, succeeded %d, lost %d%n", devices, r.minutes, r.succeeded, r.lost);
                return r.lost == 0 ? 0 : 1;
            } finally {
                backend.images().delete(stored.digest());
            }
        }
    }

    record Result(double minutes, int succeeded, int lost) {
    }

    /** {@code {SUCCEEDED 12, INSTALLED 3}}: the execution states that have executions. */
    private static String nonZero(JsonNode counts) {
        StringBuilder b = new StringBuilder("{");
        counts.fields().forEachRemaining(e -> {
            if (e.getValue().asInt() > 0) {
                b.append(b.length() > 1 ? ", " : "").append(e.getKey()).append(' ').append(e.getValue().asInt());
            }
        });
        return b.append('}').toString();
    }

    private void awaitCheckIns(OtaBackend backend, String board, KitFleet fleet, long deadline, PrintWriter err)
            throws InterruptedException {
        int seen = 0;
        while (seen < devices) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + seen + " of " + devices + " kits checked in");
            }
            Thread.sleep(2000);
            Set<String> serials = new HashSet<>();
            backend.jobs().devices(board).forEach(d -> serials.add(d.path("serialNumber").asText()));
            serials.retainAll(fleet.serials());
            seen = serials.size();
            err.printf("  %d of %d kits checked in%n", seen, devices);
        }
    }

    private Result runCampaign(OtaBackend backend, String board, StoredImage image, KitFleet fleet, long deadline,
            PrintWriter err) throws InterruptedException {
        JsonNode created = backend.campaigns().create("bench-" + board, Map.of(
                "name", "bench " + devices, "board", board, "imageDigest", image.digest(),
                "targets", Map.of("all", true),
                "waves", List.of(Map.of("percent", 10), Map.of("percent", 90)),
                "successThreshold", 90, "maxAttempts", 3,
                "executionTimeoutSeconds", timeoutSeconds, "confirmRequired", true));
        String id = created.path("id").asText();
        long start = System.nanoTime();
        backend.campaigns().act(id, "start");
        err.printf("campaign %s started: 1.1.0 (%d bytes) to %d kits, waves 10 %%, 90 %%%n", id, image.size(), devices);
        JsonNode campaign = backend.campaigns().campaign(id);
        while (!Set.of("SUCCEEDED", "ABORTED", "CANCELED").contains(campaign.path("state").asText())
                && System.nanoTime() < deadline) {
            Thread.sleep(5000);
            campaign = backend.campaigns().campaign(id);
            err.printf("  %.0f s: %s wave %d, %s%n", (System.nanoTime() - start) / 1e9, campaign.path("state").asText(),
                    campaign.path("currentWave").asInt(), nonZero(campaign.path("counts")));
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        if (!"SUCCEEDED".equals(campaign.path("state").asText())) {
            err.printf("campaign %s: %s%n", campaign.path("state").asText(), campaign.path("reason").asText());
            if (Set.of("RUNNING", "PAUSED").contains(campaign.path("state").asText())) {
                backend.campaigns().act(id, "cancel"); // timed out: offer nothing more
            }
        }
        Map<String, JsonNode> executions = new java.util.HashMap<>();
        for (JsonNode e : backend.campaigns().executions(id)) {
            String key = e.path("deviceKey").asText();
            executions.put(key.substring(key.indexOf(':') + 1), e);
        }
        int lost = 0;
        int succeeded = 0;
        for (int i = 0; i < fleet.size(); i++) {
            JsonNode e = executions.get(fleet.serials().get(i));
            boolean ok = e != null && "SUCCEEDED".equals(e.path("state").asText());
            succeeded += ok ? 1 : 0;
            if (!ok || !fleet.runs(i, "1.1.0")) {
                lost++;
                if (lost <= 5) { // why, for the first few
                    List<String> uart = fleet.kits().get(i).uartTexts(0).stream()
                            .filter(l -> l.startsWith("[OTA]") || l.contains("Swap type") || l.contains("version")).toList();
                    err.printf("lost %s: execution %s (%s); kit %s%n  %s%n", fleet.serials().get(i),
                            e == null ? "none" : e.path("state").asText(), e == null ? "" : e.path("reason").asText(),
                            fleet.kits().get(i).otaStatus(), String.join("\n  ", uart.subList(Math.max(0, uart.size() - 40), uart.size())));
                }
            }
        }
        return new Result(minutes, succeeded, lost);
    }
}
