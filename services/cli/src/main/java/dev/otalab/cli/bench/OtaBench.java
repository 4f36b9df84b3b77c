package dev.otalab.cli.bench;

import dev.otalab.cli.ProjectPaths;
import dev.otalab.emulator.kit.KitSpec;
import dev.otalab.emulator.kit.VirtualKit;
import dev.otalab.emulator.ota.OtaConfig;
import dev.otalab.emulator.ota.OtaNetwork;
import dev.otalab.emulator.ota.OtaTimers;
import dev.otalab.labapi.FlashTarget;
import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.labapi.dto.ImageFormat;
import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.ota.OtaTopics;
import dev.otalab.stack.OtaBackend;
import dev.otalab.stack.OtalabService;
import dev.otalab.stack.client.ImageStoreClient.StoredImage;
import dev.otalab.stack.client.SigningClient;
import dev.otalab.stack.client.SigningClient.SignedImage;
import dev.otalab.testing.MosquittoBroker;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * N emulated kits updating at once through the real backend (signing-service, image-store and
 * job-service jars, a TLS Mosquitto): every kit runs the OTA app 1.0.0, job-service offers an image
 * of SIZE bytes, image-store streams it, each kit reboots into it. Then the same bytes, in messages of
 * the same size, through the same broker with {@code mosquitto_pub}/{@code mosquitto_sub} at QoS 1.
 * Last lines: {@code devices N, MB/s M, p99 s P, lost L} and the raw broker rate with our share of it.
 * MB/s = image bytes of the updated kits over the data plane: the first kit's last {@code Request Update}
 * to the last kit's complete image (what the raw broker run times for the same bytes); p99 = per kit, power-on to running the new version (check, job, download, swap).
 * Then the services' data plane alone ({@link ServiceDataPlane}): the same images to N stock-format
 * devices played by {@code mosquitto_pub}, received by one {@code mosquitto_sub} like the raw run.
 */
@Command(name = "ota", mixinStandardHelpOptions = true,
        description = "N emulated kits update concurrently through the OTA services; compared with the raw broker rate.")
public final class OtaBench implements Callable<Integer> {

    /** Held so the level sticks: Vert.x logs every kit connection at INFO. */
    private static final Logger VERTX_MQTT = Logger.getLogger("io.vertx.mqtt");

    /** The services' data plane runs one {@code mosquitto_pub} process per device. */
    private static final int MAX_DATA_PLANE_DEVICES = 1000;

    @Option(names = "--devices", defaultValue = "100", paramLabel = "N")
    int devices;
    @Option(names = "--size", defaultValue = "1048576", paramLabel = "BYTES", description = "application size (default 1 MiB)")
    int size;
    @Option(names = "--timeout", defaultValue = "600", paramLabel = "SECONDS", description = "give up on devices after this")
    int timeoutSeconds;
    @Option(names = "--warm-up-rounds", defaultValue = "1", paramLabel = "N",
            description = "rounds of up to 50 kits before the measured one (default 1)")
    int warmUpRounds;
    @Option(names = "--skip-raw", description = "do not measure the raw broker rate nor the services' data plane")
    boolean skipRaw;
    @Option(names = "--transfer-window", paramLabel = "CHUNKS",
            description = "image-store's otalab.mqtt.transfer-window (default: image-store's own)")
    Integer transferWindow;
    @Option(names = "--broker-config", paramLabel = "LINE",
            description = "an extra mosquitto.conf line, e.g. 'max_inflight_messages 100' (repeatable)")
    List<String> brokerConfig = new ArrayList<>();
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (devices < 1 || devices > 10_000) {
            throw new IllegalArgumentException("--devices must be between 1 and 10000");
        }
        if (size < 1 || size > 0x1B0000) {
            throw new IllegalArgumentException("--size must be between 1 and " + 0x1B0000 + " (the 1.75 MiB slot)");
        }
        VERTX_MQTT.setLevel(Level.WARNING);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String runId = HexFormat.of().toHexDigits(new SecureRandom().nextInt());
        String board = "APP_BENCH_" + runId;
        String warmBoard = "APP_BENCH_WARM_" + runId;
        err.println("starting the backend (broker, signing-service, image-store, job-service)");
        OtaBackend.Builder builder = OtaBackend.builder();
        brokerConfig.forEach(builder::brokerConfig);
        if (transferWindow != null) {
            builder.property(OtalabService.IMAGE_STORE, "otalab.mqtt.transfer-window", String.valueOf(transferWindow));
        }
        try (OtaBackend backend = builder.root(ProjectPaths.root()).boards(board, warmBoard)
                // peak performance (full JIT) rather than the fast start the tests want
                .jvmOptions("-Xmx512m")
                // the raw measurement's subscriber must not lose messages to the per-client queue limit
                .brokerConfig("max_queued_messages 0")
                // every kit checks at once: job-service handles them all rather than shedding the excess
                // (shed checks are retried 40 s later, which measures its overload policy, not the data plane)
                .property(OtalabService.JOB_SERVICE, "otalab.jobs.max-concurrent-checks", String.valueOf(Math.max(64, devices)))
                .logDir(ProjectPaths.root().resolve("target/otalab-bench-ota")).start()) {
            // C2 compiles a path after ~10,000 calls: 50 kits × 257 chunks get the chunk path (TLS, Netty,
            // MQTT) compiled in every JVM before the measured round; with 10 kits JFR showed image-store's
            // GCM encrypt and Netty write path compiled during it
            int warm = Math.min(devices, 50);
            for (int round = 1; round <= warmUpRounds; round++) {
                err.printf("warm-up %d of %d: %d kits update once (JIT of services and kits)%n", round, warmUpRounds, warm);
                // new serials each round: job-service never re-offers a version to a device that reported its old one
                UpdateRun warmUp = updateDevices(backend, warmBoard, "WARM" + round, warm, err);
                backend.jobs().deleteJob(warmBoard);
                backend.images().delete(warmUp.digest);
            }
            UpdateRun run = updateDevices(backend, board, "BENCH", devices, err);
            double mbs = run.bytes / 1e6 / run.seconds;
            out.printf("devices %d, MB/s %.1f, p99 s %.2f, lost %d%n", devices, mbs, run.p99Seconds, run.lost);
            if (!skipRaw && devices > MAX_DATA_PLANE_DEVICES) {
                err.printf("services' data plane and raw broker rate skipped above %d devices (one mosquitto_pub"
                        + " per device)%n", MAX_DATA_PLANE_DEVICES);
            } else if (!skipRaw) {
                OtaTopics topics = new OtaTopics(backend.topicPrepend(), board);
                long chunks = run.messages / devices;
                err.println("services' data plane: the same Request Updates from one mosquitto_pub per device, every"
                        + " chunk to one mosquitto_sub; a warm-up round first (JIT at this rate)");
                ServiceDataPlane.measure(backend.broker(), topics, "PLANE-WARM", devices, chunks);
                ServiceDataPlane.Result plane = ServiceDataPlane.measure(backend.broker(), topics, "PLANE", devices, chunks);
                double planeMbs = (double) devices * run.imageBytes / 1e6 / plane.seconds();
                err.printf("services' data plane: first chunk of a transfer after p50 %.2f s, max %.2f s%n",
                        plane.firstChunkP50(), plane.firstChunkMax());
                err.println("raw broker rate: the same bytes with mosquitto_pub/mosquitto_sub, QoS 1");
                RawBrokerRate.Result raw = RawBrokerRate.measure(backend.broker(), topics.prepend() + "/" + board
                        + "/OTAImage/1", run.messages, RawBrokerRate.CHUNK_MESSAGE_BYTES);
                double rawMbs = raw.payloadBytes() / 1e6 / raw.seconds();
                double rawImageMbs = rawMbs * 4096 / RawBrokerRate.CHUNK_MESSAGE_BYTES;
                out.printf("raw broker: %d messages of %d B, MB/s %.1f (image bytes %.1f); ours %.0f %%%n",
                        raw.messages(), RawBrokerRate.CHUNK_MESSAGE_BYTES, rawMbs, rawImageMbs, 100 * mbs / rawImageMbs);
                out.printf("services' data plane to mosquitto_sub: %d images in %.2f s, MB/s %.1f, %.0f %% of raw%n",
                        devices, plane.seconds(), planeMbs, 100 * planeMbs / rawImageMbs);
            }
            backend.jobs().deleteJob(board);
            backend.images().delete(run.digest);
            return run.lost == 0 ? 0 : 1;
        }
    }

    record UpdateRun(long bytes, double seconds, double p99Seconds, int lost, long messages, long imageBytes,
            String digest) {
    }

    private UpdateRun updateDevices(OtaBackend backend, String board, String serialPrefix, int devices, PrintWriter err)
            throws Exception {
        SigningClient signing = backend.signing();
        SecureRandom random = new SecureRandom();
        byte[] app = new byte[16_000];
        random.nextBytes(app);
        byte[] update = new byte[size];
        random.nextBytes(update);
        SignedImage primary = signing.sign(app, signOptions("1.0.0", 0x00));
        SignedImage signed = signing.sign(update, signOptions("1.1.0", 0xFF));
        StoredImage stored = backend.images().upload(board, signed.bytes());
        backend.jobs().putJob(board, stored.digest());
        long imageBytes = stored.size();
        long chunks = (imageBytes + 4095) / 4096;

        // CE timers (job wait 30 s, next check 10 s: a check job-service sheds under load is retried), first check at once
        // a kit that hears no chunk for 10 s (its Request Update dropped) starts the attempt again
        // (CY_OTA_PACKET_INTERVAL_SECS) instead of idling until --timeout
        OtaTimers timers = OtaTimers.ce().toBuilder().initialCheckMs(100)
                .dataTimeoutMs(timeoutSeconds * 1000L).packetIntervalMs(10_000).rebootDelayMs(100).build();
        try (KitFleet fleet = new KitFleet(backend.broker(), board, serialPrefix, devices, timers, primary.bytes())) {
            List<VirtualKit> kits = fleet.kits();
            err.printf("%d kits on 1.0.0; job-service offers 1.1.0 (%d bytes, %d chunks)%n", devices, imageBytes, chunks);
            // each kit's successful download: from its last Request Update to its complete image, as it prints them
            Map<String, Integer> failures = new java.util.concurrent.ConcurrentHashMap<>();
            long[] asked = new long[devices];
            long[] offered = new long[devices];
            long[] requested = new long[devices];
            long[] completed = new long[devices];
            for (int i = 0; i < devices; i++) {
                int k = i;
                kits.get(i).subscribe(0, line -> {
                    if (line.text().startsWith("[OTA] Sent Update Availability") && asked[k] == 0) {
                        asked[k] = System.nanoTime();
                    } else if (line.text().startsWith("[OTA] Job document") && offered[k] == 0) {
                        offered[k] = System.nanoTime();
                    } else if (line.text().startsWith("[OTA] Sent Request Update")) {
                        requested[k] = System.nanoTime();
                    } else if (line.text().startsWith("[OTA] Download attempt") && line.text().contains(" failed: ")) {
                        failures.merge(line.text().substring(line.text().indexOf(" failed: ") + 9)
                                .replaceAll("\\d+", "N"), 1, Integer::sum);
                    } else if (line.text().startsWith("[OTA] Download complete")) {
                        completed[k] = System.nanoTime();
                    }
                });
            }
            long start = System.nanoTime();
            kits.forEach(VirtualKit::powerOn);
            long[] done = new long[devices];
            Arrays.fill(done, -1);
            int finished = 0;
            long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            long lastReport = start;
            while (finished < devices && System.nanoTime() < deadline) {
                for (int i = 0; i < devices; i++) {
                    if (done[i] < 0 && fleet.runs(i, "1.1.0")) {
                        done[i] = System.nanoTime() - start;
                        finished++;
                    }
                }
                if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(5)) {
                    lastReport = System.nanoTime();
                    err.printf("  %d of %d updated after %.0f s%n", finished, devices, (lastReport - start) / 1e9);
                }
                Thread.sleep(10);
            }
            long[] times = Arrays.stream(done).filter(t -> t >= 0).sorted().toArray();
            double p99 = times.length == 0 ? Double.NaN : times[Math.min(times.length - 1, (int) Math.ceil(times.length * 0.99) - 1)] / 1e9;
            double seconds = DownloadWindows.spanSeconds(requested, completed);
            double union = DownloadWindows.unionSeconds(requested, completed);
            err.printf("phases p50/p99 s: power-on→Update Availability %s, →job document %s, →Request Update %s,"
                    + " download %s%n", Phases.of(start, asked), Phases.between(asked, offered),
                    Phases.between(offered, requested), Phases.between(requested, completed));
            err.printf("kits: %d connect failures, %d failed download attempts, %d duplicate chunks%n",
                    kits.stream().mapToLong(k -> k.otaStatus().counters().connectFailures()).sum(),
                    kits.stream().mapToLong(k -> k.otaStatus().counters().attemptsFailed()).sum(),
                    kits.stream().mapToLong(k -> k.otaStatus().counters().chunksDuplicate()).sum());
            failures.forEach((why, n) -> err.printf("  %d download attempts failed: %s%n", n, why));
            long[] asks = Arrays.stream(requested).filter(t -> t != 0).sorted().toArray();
            err.printf("data plane: first Request Update → last complete image %.2f s (downloads running %.2f s of it;"
                    + " the Request Updates spread over %.2f s)%n", seconds, union,
                    asks.length == 0 ? 0 : (asks[asks.length - 1] - asks[0]) / 1e9);
            return new UpdateRun((long) finished * imageBytes, seconds, p99, devices - finished, devices * chunks, imageBytes,
                    stored.digest());
        }
    }

    /** The OTA build's signing options: the primary slot image (erased 0x00) or the download (0xFF). */
    static Map<String, Object> signOptions(String version, int erased) {
        Map<String, Object> options = SigningClient.options(OtaBackend.TEST_KEY_ID, version, 0x1C0000);
        options.put("headerSize", 0x400);
        options.put("align", 8);
        options.put("maxSectors", 3584);
        options.put("erasedValue", erased);
        return options;
    }
}
