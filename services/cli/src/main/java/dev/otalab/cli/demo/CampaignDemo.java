package dev.otalab.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.otalab.stack.OtaBackend;
import dev.otalab.stack.client.CampaignClient;
import dev.otalab.stack.client.EmulatorClient;
import dev.otalab.stack.client.ImageStoreClient;
import dev.otalab.stack.client.JobServiceClient;
import dev.otalab.stack.client.SigningClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * The demo's campaign: emulated kits on the OTA app 1.0.0 (swap layout, MCUboot's revert) check in at
 * job-service; campaign 1 rolls out a 1.2.0 that hangs (watchdog → MCUboot reverts) in two waves with abort
 * on REVERTED; campaign 2 rolls out a good 1.1.0 in two waves. Each assertion group becomes a {@link Check}.
 */
public final class CampaignDemo {

    static final String KIT = "CY8CPROTO-062S2-43439";
    /** External-flash swap layout with plain MCUboot: a hanging image is reverted by MCUboot (swap type revert). */
    static final String LAYOUT = "psoc62_2m_ext_swap_single";
    static final long SLOT = 0x1C0000;
    static final Duration WAIT = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The services the campaign talks to. */
    public record Services(SigningClient signing, ImageStoreClient images, JobServiceClient jobs,
            CampaignClient campaigns, EmulatorClient emulator) {

        public static Services of(OtaBackend backend, EmulatorClient emulator) {
            return new Services(backend.signing(), backend.images(), backend.jobs(), backend.campaigns(), emulator);
        }
    }

    /** One assertion group: a test case of the campaign's JUnit report. */
    public record Check(String name, boolean passed, String detail, long durationMs) {
    }

    /** The checks and the campaigns' views (campaign + executions) as job-service gave them at the end. */
    public record Outcome(List<Check> checks, ObjectNode views) {

        public boolean ok() {
            return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
        }
    }

    private final Services services;
    private final String board;
    private final String runId;
    private final int kits;
    private final Progress progress;
    private final List<Check> checks = new ArrayList<>();
    private final ObjectNode views = JsonNodeFactory.instance.objectNode();
    private final EmulatorFleet fleet;

    /**
     * @param board a board string no other fleet uses (the broker must hold its client certificate)
     * @param runId makes serials and the campaigns' idempotency keys unique in the shared database
     */
    public CampaignDemo(Services services, String board, String runId, int kits, Progress progress) {
        this.services = services;
        this.board = board;
        this.runId = runId;
        this.kits = kits;
        this.progress = progress;
        this.fleet = new EmulatorFleet(services, board, IntStream.rangeClosed(1, kits)
                .mapToObj(i -> String.format("KIT-%s-%02d", runId, i)).toList());
    }

    public Outcome run() throws InterruptedException {
        try {
            progress.say("campaign: %d kits on %s (%s), OTA app 1.0.0", kits, board, LAYOUT);
            fleet.create(sign("1.0.0", null, 16_000, 0x00));
            progress.say("campaign: waiting until all %d kits checked in at job-service", kits);
            await("all kits checked in", fleet::allCheckedIn, () -> fleet.checkedIn() + " of " + kits + " checked in");
            String bad = upload(sign("1.2.0", "{\"hang\":true}", 40_000, 0xFF));
            String good = upload(sign("1.1.0", "{\"blinkMs\":100}", 40_000, 0xFF));
            badCampaign(bad);
            goodCampaign(good);
        } catch (RuntimeException | AssertionError e) {
            checks.add(new Check("campaign demo ran to its end", false, e.toString(), 0));
        } finally {
            services.jobs().deleteJob(board);
            fleet.delete();
        }
        return new Outcome(List.copyOf(checks), views);
    }

    private void badCampaign(String digest) throws InterruptedException {
        long start = System.nanoTime();
        JsonNode created = services.campaigns().create("demo-" + runId + "-bad", Map.of(
                "name", "bad 1.2.0", "board", board, "imageDigest", digest,
                "targets", Map.of("serialNumbers", fleet.serials()),
                "waves", List.of(Map.of("size", 3), Map.of("percent", 100)),
                "successThreshold", 100,
                "abort", Map.of("failureTypes", List.of("REVERTED"), "percent", 30, "minExecuted", 1),
                "executionTimeoutSeconds", 300, "confirmRequired", true));
        String id = created.path("id").asText();
        services.campaigns().act(id, "start");
        progress.say("campaign 1 (%s): bad 1.2.0 to %d kits, waves [3, rest], abort on REVERTED", id, kits);
        JsonNode executions = followUntilSettled(id);
        JsonNode campaign = services.campaigns().campaign(id);
        views.set("badCampaign", campaign);
        views.set("badExecutions", executions);
        CampaignChecks verdict = new CampaignChecks(campaign, executions);
        checks.add(new Check("bad 1.2.0 reverted and campaign aborted", verdict.abortedAfterRevert(),
                verdict.describe(), millisSince(start)));
        blockedCheck(digest, verdict.serialsIn("REVERTED"));
    }

    /** 1.2.0 is in blockedVersions of every reverted device, and a board job offering it is VETOED for them. */
    private void blockedCheck(String digest, List<String> reverted) throws InterruptedException {
        long start = System.nanoTime();
        List<String> problems = new ArrayList<>();
        if (reverted.isEmpty()) {
            problems.add("no device reverted");
        }
        for (String serial : reverted) {
            if (!fleet.blockedVersions(serial).contains("1.2.0")) {
                problems.add(serial + " has no block for 1.2.0: " + fleet.blockedVersions(serial));
            }
        }
        Map<String, Integer> vetoedBefore = new LinkedHashMap<>();
        reverted.forEach(s -> vetoedBefore.put(s, fleet.reportsWithDecision(s, "VETOED")));
        services.jobs().putJob(board, Map.of("imageDigest", digest, "serialNumbers", reverted));
        progress.say("campaign: board job offering 1.2.0 to the %d reverted kits; waiting for VETOED", reverted.size());
        try {
            await("a VETOED check of every reverted kit", () -> reverted.stream()
                    .allMatch(s -> fleet.reportsWithDecision(s, "VETOED") > vetoedBefore.get(s)), () -> "");
        } catch (AssertionError e) {
            problems.add(e.getMessage());
        } finally {
            services.jobs().deleteJob(board);
        }
        fleet.runningVersions().forEach((kit, version) -> {
            if (!"1.0.0".equals(version)) {
                problems.add(kit + " runs " + version + ", not 1.0.0");
            }
        });
        checks.add(new Check("1.2.0 blocked for reverted devices", problems.isEmpty(), problems.isEmpty()
                ? reverted.size() + " reverted kits have 1.2.0 in blockedVersions, a job offering it was VETOED, all kits still run 1.0.0"
                : String.join("; ", problems), millisSince(start)));
    }

    private void goodCampaign(String digest) throws InterruptedException {
        long start = System.nanoTime();
        JsonNode created = services.campaigns().create("demo-" + runId + "-good", Map.of(
                "name", "good 1.1.0", "board", board, "imageDigest", digest,
                "targets", Map.of("serialNumbers", fleet.serials()),
                "waves", List.of(Map.of("percent", 30), Map.of("percent", 70)),
                "successThreshold", 100,
                "abort", Map.of("failureTypes", List.of("REVERTED", "FAILED", "TIMED_OUT"), "percent", 30, "minExecuted", 1),
                "executionTimeoutSeconds", 300, "confirmRequired", true));
        String id = created.path("id").asText();
        services.campaigns().act(id, "start");
        progress.say("campaign 2 (%s): good 1.1.0 to %d kits, waves [30 %%, 70 %%]", id, kits);
        JsonNode executions = followUntilSettled(id);
        JsonNode campaign = services.campaigns().campaign(id);
        views.set("goodCampaign", campaign);
        views.set("goodExecutions", executions);
        Map<String, String> running = fleet.runningVersions();
        long on110 = running.values().stream().filter("1.1.0"::equals).count();
        boolean ok = "SUCCEEDED".equals(campaign.path("state").asText())
                && campaign.path("counts").path("SUCCEEDED").asInt() == kits && on110 == kits
                && campaign.path("waveCount").asInt() == 2;
        checks.add(new Check("good 1.1.0 two waves succeeded", ok, String.format(
                "campaign %s (%s), %d waves, counts %s; %d of %d kits run 1.1.0 %s", campaign.path("state").asText(),
                campaign.path("reason").asText(), campaign.path("waveCount").asInt(), CampaignChecks.nonZero(campaign.path("counts")),
                on110, kits, on110 == kits ? "" : running), millisSince(start)));
    }

    /** Waits until the campaign ended and none of its executions is still in flight, printing count changes. */
    private JsonNode followUntilSettled(String id) throws InterruptedException {
        String[] last = {""};
        await("campaign " + id + " ended with every offered execution terminal", () -> {
            JsonNode c = services.campaigns().campaign(id);
            String line = c.path("state").asText() + " wave " + c.path("currentWave").asInt() + "/" + c.path("waveCount").asInt()
                    + " " + CampaignChecks.nonZero(c.path("counts"));
            if (!line.equals(last[0])) {
                progress.say("  %s", line);
                last[0] = line;
            }
            return CampaignChecks.ended(c) && CampaignChecks.settled(services.campaigns().executions(id));
        }, () -> last[0]);
        return services.campaigns().executions(id);
    }

    private SigningClient.SignedImage sign(String version, String appJson, int payloadBytes, int erased) {
        byte[] payload = new byte[payloadBytes];
        RANDOM.nextBytes(payload);
        Map<String, Object> options = SigningClient.options(OtaBackend.TEST_KEY_ID, version, SLOT);
        options.put("headerSize", 0x400);
        options.put("align", 8);
        options.put("maxSectors", 3584);
        options.put("erasedValue", erased);
        if (appJson != null) {
            options.put("customTlvs", Map.of("0x00a0", appJson)); // the emulated app's behaviour (DESIGN.md)
        }
        return services.signing().sign(payload, options);
    }

    private String upload(SigningClient.SignedImage signed) {
        ImageStoreClient.StoredImage stored = services.images().upload(board, signed.bytes());
        progress.say("campaign: signed and stored %s (%d bytes, digest %s…)", stored.version(), stored.size(),
                stored.digest().substring(0, 12));
        return stored.digest();
    }

    static void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT.toMinutes() + " min waiting for " + what + ": " + state.get());
            }
            Thread.sleep(500);
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
