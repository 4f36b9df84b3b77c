package dev.otalab.imagestore;

import dev.otalab.testing.MosquittoBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * For the end-to-end test: a TLS Mosquitto and the real job-service, run from its built jar as a
 * separate process (no code shared, as between the deployed services), both on the same broker and
 * database. image-store's HTTP port is chosen here so job-service can be told where image-store is
 * before either starts. The board is unique per run, so jobs of other test runs on this machine (the
 * {@code jobs} schema is shared) cannot interfere.
 */
public class JobServiceE2EResource implements QuarkusTestResourceLifecycleManager {

    public static final Path JAR = Path.of("..", "job-service", "target", "quarkus-app", "quarkus-run.jar");
    public static final String BOARD = "APP_IMGSTORE_E2E_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

    private MosquittoBroker broker;
    private Process jobService;

    public static boolean jobServiceBuilt() {
        return Files.isRegularFile(JAR);
    }

    @Override
    public Map<String, String> start() {
        broker = MosquittoBroker.builder().tls().mutualTls().client(BOARD).deployAcl().start();
        int imageStorePort = freePort();
        int jobsPort = freePort();
        String service = MosquittoBroker.SERVICE_CLIENT;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dquarkus.http.port=" + jobsPort,
                "-Dotalab.mqtt.host=" + broker.host(),
                "-Dotalab.mqtt.port=" + broker.mutualTlsPort(),
                "-Dotalab.mqtt.tls=true",
                "-Dotalab.mqtt.ca-file=" + broker.caCertificate(),
                "-Dotalab.mqtt.cert-file=" + broker.clientCertificate(service),
                "-Dotalab.mqtt.key-file=" + broker.clientKey(service),
                "-Dotalab.image-store.url=http://127.0.0.1:" + imageStorePort,
                "-jar", JAR.toAbsolutePath().toString()));
        try {
            Path log = Path.of("target", "job-service-e2e.log").toAbsolutePath();
            jobService = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            awaitReady("http://127.0.0.1:" + jobsPort + "/q/health/ready", log);
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.http.test-port", String.valueOf(imageStorePort));
        config.put("otalab.mqtt.host", broker.host());
        config.put("otalab.mqtt.port", String.valueOf(broker.mutualTlsPort()));
        config.put("otalab.mqtt.ssl", "true");
        config.put("otalab.mqtt.ca-file", broker.caCertificate().toString());
        config.put("otalab.mqtt.client-cert", broker.clientCertificate(service).toString());
        config.put("otalab.mqtt.client-key", broker.clientKey(service).toString());
        config.put("otalab.job-service.url", "http://127.0.0.1:" + jobsPort);
        config.put("otalab.images.trusted-keys-dir", ImageStoreTestResource.trustedKeysDir().toString());
        config.put("otalab.test.device-cert", broker.clientCertificate(BOARD).toString());
        config.put("otalab.test.device-key", broker.clientKey(BOARD).toString());
        return config;
    }

    private void awaitReady(String url, Path log) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!jobService.isAlive()) {
                throw new IllegalStateException("job-service exited with " + jobService.exitValue() + "; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("job-service not ready within 120 s; see " + log);
    }

    @Override
    public void stop() {
        if (jobService != null) {
            jobService.destroy();
            try {
                if (!jobService.waitFor(20, TimeUnit.SECONDS)) {
                    jobService.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                jobService.destroyForcibly();
            }
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
