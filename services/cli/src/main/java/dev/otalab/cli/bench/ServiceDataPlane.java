package dev.otalab.cli.bench;

import dev.otalab.ota.DeviceIdentity;
import dev.otalab.ota.OtaTopics;
import dev.otalab.ota.OtaVersion;
import dev.otalab.ota.RequestUpdate;
import dev.otalab.ota.UpdateAvailability;
import dev.otalab.testing.MosquittoBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The services' data plane against the same receiver as the raw broker run: {@code devices}
 * stock-format devices, played by {@code mosquitto_pub} with the board's certificate, check in
 * (job-service opens a session per device and unique topic) and then send their {@code Request
 * Update}s at once, each from its own connection as devices do (one {@code mosquitto_pub} per
 * device, connected before the clock starts); one {@code mosquitto_sub} on the board's unique
 * topics receives every chunk image-store sends. Timed from the first {@code Request Update} to the last chunk received, as
 * {@link RawBrokerRate} times {@code mosquitto_pub} to {@code mosquitto_sub}: the difference is
 * image-store (session look-ups at job-service, chunk encoding, PUBACK-paced windows) in place of
 * {@code mosquitto_pub}, with no emulated kit's TLS, MQTT or flash work on the same cores.
 */
final class ServiceDataPlane {

    /** Unique topic numbers far from the kits' uptime ticks. */
    private static final int FIRST_TOPIC = 60_000;

    /**
     * @param firstChunkP50 seconds from the first {@code Request Update} to the first chunk of a
     *                      transfer (the session look-up at job-service and the transfer start), p50
     * @param firstChunkMax the same, the last transfer to start
     */
    record Result(double seconds, double firstChunkP50, double firstChunkMax) {
    }

    private ServiceDataPlane() {
    }

    /**
     * @param serialPrefix new for every round: a device that reports its old version after it downloaded has
     *                     reverted, and job-service never offers it that version again
     */
    static Result measure(MosquittoBroker broker, OtaTopics topics, String serialPrefix, int devices, long chunksPerImage)
            throws Exception {
        if (devices > OtaTopics.MAX_UNIQUE_SUFFIX - FIRST_TOPIC) {
            throw new IllegalArgumentException("at most " + (OtaTopics.MAX_UNIQUE_SUFFIX - FIRST_TOPIC) + " devices");
        }
        Path dir = Files.createTempDirectory("otalab-data-plane");
        List<Process> processes = new ArrayList<>();
        try {
            OtaVersion running = OtaVersion.of(1, 0, 0);
            IntFunction<DeviceIdentity> identity = i -> new DeviceIdentity("Infineon", "ABCD123", "EFGH456",
                    String.format("%s-%05d", serialPrefix, i), "CY8CPROTO_062_4343W");
            String uniqueTopics = topics.prepend() + "/" + topics.board() + "/" + OtaTopics.OTA_IMAGE + "/+";
            Path log = dir.resolve("clients.log");

            // check-in: every Update Availability from one connection, every job document to one subscriber
            Path checks = dir.resolve("checks.txt");
            try (OutputStream out = Files.newOutputStream(checks)) {
                for (int i = 0; i < devices; i++) {
                    out.write(new UpdateAvailability(identity.apply(i), running, topics.uniqueTopic(FIRST_TOPIC + i))
                            .toDeviceBytes());
                    out.write('\n');
                }
            }
            Path documents = dir.resolve("documents.txt");
            Process answers = subscribe(broker, topics.board(), uniqueTopics, devices, documents, log, processes, "%p");
            processes.add(publisher(broker, topics, "data-plane-checks", log).redirectInput(checks.toFile()).start());
            await(answers, devices, log);
            long offered = Files.readAllLines(documents, StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> l.contains("\"Update Available\"")).count();
            if (offered != devices) {
                throw new IllegalStateException("job-service offered the update to " + offered + " of " + devices
                        + " devices: " + Files.readString(documents, StandardCharsets.ISO_8859_1).lines().limit(3).toList());
            }

            // the timed part: each device's Request Update from its own connected publisher, all at once
            List<Process> devicesUp = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                Path connected = dir.resolve("device-" + i + ".log");
                Process p = publisher(broker, topics, String.format("data-plane-%s-%d", serialPrefix, i), connected).start();
                processes.add(p);
                devicesUp.add(p);
            }
            awaitConnected(dir, devices);
            long messages = devices * chunksPerImage;
            Path chunks = dir.resolve("chunks.txt");
            Process sub = subscribe(broker, topics.board(), uniqueTopics, messages, chunks, log, processes, "%U %t");
            long startMillis = System.currentTimeMillis();
            long start = System.nanoTime();
            for (int i = 0; i < devices; i++) {
                try (OutputStream in = devicesUp.get(i).getOutputStream()) {
                    in.write(new RequestUpdate(identity.apply(i), running, topics.uniqueTopic(FIRST_TOPIC + i))
                            .toDeviceBytes());
                    in.write('\n');
                }
            }
            await(sub, messages, log);
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] firsts = firstArrivals(chunks, startMillis);
            return new Result(seconds, firsts[firsts.length / 2], firsts[firsts.length - 1]);
        } finally {
            processes.forEach(Process::destroyForcibly);
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    /** A QoS 1 publisher of stdin's lines to the request topic; {@code -d} prints its CONNACK (line-buffered). */
    private static ProcessBuilder publisher(MosquittoBroker broker, OtaTopics topics, String clientId, Path log) {
        List<String> c = new ArrayList<>(List.of("stdbuf", "-oL"));
        c.addAll(command("mosquitto_pub", broker, topics.board(), "-t", topics.requestTopic(), "-q", "1", "-l", "-d",
                "-i", clientId));
        return new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    /** Waits until every device's publisher has its CONNACK (the clock must not time TLS handshakes of idle devices). */
    private static void awaitConnected(Path dir, int devices) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; i < devices; i++) {
            Path log = dir.resolve("device-" + i + ".log");
            while (!(Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains("received CONNACK"))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("device publisher " + i + " did not connect: "
                            + (Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "no output"));
                }
                Thread.sleep(10);
            }
        }
    }

    /** {@code mosquitto_sub} for {@code expected} messages, printed as {@code format}, subscribed when this returns. */
    private static Process subscribe(MosquittoBroker broker, String board, String filter, long expected, Path received,
            Path log, List<Process> processes, String format) throws Exception {
        Process sub = new ProcessBuilder(command("mosquitto_sub", broker, board, "-t", filter, "-q", "1",
                "-C", String.valueOf(expected), "-F", format, "-i", "data-plane-sub-" + expected))
                .redirectOutput(received.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        processes.add(sub);
        Thread.sleep(1000); // subscribed before the first message
        if (!sub.isAlive()) {
            throw new IllegalStateException("mosquitto_sub exited: " + Files.readString(log));
        }
        return sub;
    }

    private static void await(Process sub, long expected, Path log) throws Exception {
        if (!sub.waitFor(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("mosquitto_sub did not receive " + expected + " messages within 300 s");
        }
        if (sub.exitValue() != 0) {
            throw new IllegalStateException("mosquitto_sub failed: " + Files.readString(log));
        }
    }

    /** Per unique topic, seconds from {@code startMillis} to its first message ({@code %U %t} lines), sorted. */
    private static double[] firstArrivals(Path received, long startMillis) throws IOException {
        Map<String, Double> first = new HashMap<>();
        for (String line : Files.readAllLines(received, StandardCharsets.ISO_8859_1)) {
            int space = line.indexOf(' ');
            first.putIfAbsent(line.substring(space + 1), Double.parseDouble(line.substring(0, space)) - startMillis / 1e3);
        }
        return first.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static List<String> command(String tool, MosquittoBroker broker, String board, String... args) {
        List<String> c = new ArrayList<>(List.of(tool, "-h", broker.host(), "-p", String.valueOf(broker.mutualTlsPort()),
                "--cafile", broker.caCertificate().toString(),
                "--cert", broker.clientCertificate(board).toString(), "--key", broker.clientKey(board).toString()));
        c.addAll(List.of(args));
        return c;
    }
}
