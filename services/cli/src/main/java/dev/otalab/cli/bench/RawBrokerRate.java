package dev.otalab.cli.bench;

import dev.otalab.testing.MosquittoBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The broker's own rate for a message stream: {@code mosquitto_sub -C count} subscribed at QoS 1,
 * {@code mosquitto_pub -l} publishing {@code count} messages of {@code bytes} at QoS 1, both on the
 * mutual-TLS listener as {@code otalab-service}, like image-store. Timed from the first publish to the
 * subscriber having received the last message.
 */
final class RawBrokerRate {

    /** A chunk message: the 32-byte header and 4096 data bytes. */
    static final int CHUNK_MESSAGE_BYTES = 32 + 4096;
    /** mosquitto_pub's QoS 1 window, as image-store's {@code otalab.mqtt.max-in-flight}. */
    static final int MAX_INFLIGHT = 512;

    record Result(long messages, long payloadBytes, double seconds) {
    }

    private RawBrokerRate() {
    }

    static Result measure(MosquittoBroker broker, String topic, long messages, int bytes) throws Exception {
        Path dir = Files.createTempDirectory("otalab-raw-rate");
        Path input = dir.resolve("messages.txt");
        byte[] line = new byte[bytes + 1];
        Arrays.fill(line, (byte) 'x'); // -l splits on newlines: printable payload of the chunk size
        line[bytes] = '\n';
        try (OutputStream out = Files.newOutputStream(input)) {
            for (long i = 0; i < messages; i++) {
                out.write(line);
            }
        }
        Process sub = new ProcessBuilder(command("mosquitto_sub", broker, "-t", topic, "-q", "1", "-C", String.valueOf(messages),
                "-i", "raw-rate-sub")).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("sub.log").toFile()).start();
        try {
            Thread.sleep(1000); // subscribed before the first message
            if (!sub.isAlive()) {
                throw new IllegalStateException("mosquitto_sub exited: " + Files.readString(dir.resolve("sub.log")));
            }
            long start = System.nanoTime();
            Process pub = new ProcessBuilder(command("mosquitto_pub", broker, "-t", topic, "-q", "1", "-l",
                    "-M", String.valueOf(MAX_INFLIGHT), "-i", "raw-rate-pub"))
                    .redirectInput(input.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("pub.log").toFile()).start();
            if (!sub.waitFor(600, TimeUnit.SECONDS)) {
                throw new IllegalStateException("mosquitto_sub did not receive " + messages + " messages within 600 s");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pub.waitFor(30, TimeUnit.SECONDS);
            if (sub.exitValue() != 0) {
                throw new IllegalStateException("mosquitto_sub failed: " + Files.readString(dir.resolve("sub.log")));
            }
            return new Result(messages, messages * bytes, seconds);
        } finally {
            sub.destroyForcibly();
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    private static List<String> command(String tool, MosquittoBroker broker, String... args) throws IOException {
        String service = MosquittoBroker.SERVICE_CLIENT;
        List<String> c = new ArrayList<>(List.of(tool, "-h", broker.host(), "-p", String.valueOf(broker.mutualTlsPort()),
                "--cafile", broker.caCertificate().toString(),
                "--cert", broker.clientCertificate(service).toString(), "--key", broker.clientKey(service).toString()));
        c.addAll(List.of(args));
        return c;
    }
}
