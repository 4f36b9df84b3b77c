package dev.otalab.imagestore;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A test "device": a plain Vert.x MQTT client over mutual TLS with the board's certificate (so the
 * deployment ACL applies), which publishes byte-exact device requests and collects what arrives on
 * its unique topics, per topic, in arrival order.
 */
final class TestDevice implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Vertx vertx;
    private final MqttClient client;
    private final Map<String, BlockingQueue<byte[]>> received = new ConcurrentHashMap<>();
    private final Set<Integer> acked = ConcurrentHashMap.newKeySet();

    private TestDevice(Vertx vertx, MqttClient client) {
        this.vertx = vertx;
        this.client = client;
    }

    /** Connects as the board {@link ImageStoreTestResource#BOARD} and subscribes to its unique topics. */
    static TestDevice connect(String board) throws Exception {
        Config c = ConfigProvider.getConfig();
        String cert = c.getValue("otalab.test.device-cert", String.class);
        String key = c.getValue("otalab.test.device-key", String.class);
        MqttClientOptions options = new MqttClientOptions().setClientId("CY_IOT_DEVICE" + (System.nanoTime() & 0xFFFF))
                .setCleanSession(true).setKeepAliveInterval(60).setMaxInflightQueue(100);
        options.setMaxMessageSize(8192);
        options.setSsl(true);
        options.setHostnameVerificationAlgorithm("HTTPS");
        options.setTrustOptions(new PemTrustOptions().addCertPath(c.getValue("otalab.mqtt.ca-file", String.class)));
        options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key));
        Vertx vertx = Vertx.vertx();
        MqttClient client = MqttClient.create(vertx, options);
        TestDevice device = new TestDevice(vertx, client);
        client.publishHandler(m -> device.queue(m.topicName()).add(m.payload().getBytes()));
        client.publishCompletionHandler(device.acked::add);
        await(client.connect(c.getValue("otalab.mqtt.port", Integer.class), c.getValue("otalab.mqtt.host", String.class)));
        await(client.subscribe("MyUniqueTopic/" + board + "/OTAImage/+", 1));
        Thread.sleep(200); // SUBACK
        return device;
    }

    BlockingQueue<byte[]> queue(String topic) {
        return received.computeIfAbsent(topic, t -> new LinkedBlockingQueue<>());
    }

    /** Publishes at QoS 1 and waits for the broker's PUBACK. */
    void publish(String topic, byte[] payload) throws Exception {
        int id = await(client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!acked.remove(id)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no PUBACK for " + topic);
            }
            Thread.sleep(1);
        }
    }

    /** The next message on {@code topic}, or null after {@code timeout}. */
    byte[] next(String topic, Duration timeout) throws InterruptedException {
        return queue(topic).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    byte[] next(String topic) throws InterruptedException {
        byte[] m = next(topic, TIMEOUT);
        if (m == null) {
            throw new AssertionError("nothing on " + topic + " within " + TIMEOUT);
        }
        return m;
    }

    @Override
    public void close() throws Exception {
        try {
            if (client.isConnected()) {
                await(client.disconnect());
            }
        } finally {
            await(vertx.close());
        }
    }

    static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    // --- the job-service stand-in's sessions ---

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Makes job-service know {@code uniqueTopic} as a session for {@code digest}. */
    static void session(String uniqueTopic, String board, String digest, String version, OffsetDateTime expiresAt)
            throws Exception {
        String json = "{\"uniqueTopic\":\"" + uniqueTopic + "\",\"board\":\"" + board + "\",\"imageDigest\":\"" + digest
                + "\",\"version\":\"" + version + "\",\"serialNumber\":\"ABC213450001\",\"createdAt\":\""
                + OffsetDateTime.now() + "\",\"expiresAt\":\"" + expiresAt + "\"}";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(admin(uniqueTopic))
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204) {
            throw new AssertionError("stand-in refused the session: " + r.statusCode());
        }
    }

    static void session(String uniqueTopic, String board, String digest, String version) throws Exception {
        session(uniqueTopic, board, digest, version, OffsetDateTime.now().plusMinutes(15));
    }

    static void dropSession(String uniqueTopic) throws Exception {
        HTTP.send(HttpRequest.newBuilder(admin(uniqueTopic)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The raw paths job-service was asked for. */
    static String sessionRequests() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(jobsUrl() + FakeJobService.LOG)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static URI admin(String topic) {
        return URI.create(jobsUrl() + FakeJobService.ADMIN + URLEncoder.encode(topic, StandardCharsets.UTF_8));
    }

    private static String jobsUrl() {
        return ConfigProvider.getConfig().getValue("otalab.job-service.url", String.class);
    }
}
