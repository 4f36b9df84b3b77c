package dev.otalab.jobs;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A device's MQTT side as a plain client: TLS to the broker's anonymous TLS listener (the device
 * role of the deployment ACL), trusting only the test CA and checking the broker's IP SAN, QoS 1
 * subscriptions and publishes, blocking calls. Like the OTA Agent it uses a new connection per
 * phase ({@link #check}).
 */
public final class TestDevice implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A message the device received. */
    public record Received(String topic, byte[] payload) {
        public String text() {
            return new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    private final MqttClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Set<Integer> acked = ConcurrentHashMap.newKeySet();

    private TestDevice(MqttClient client) {
        this.client = client;
    }

    public static int port() {
        return ConfigProvider.getConfig().getValue("otalab.test.device-port", Integer.class);
    }

    public static String host() {
        return "127.0.0.1";
    }

    /** Connects over TLS as an anonymous device and waits for the CONNACK. */
    public static TestDevice connect(Vertx vertx) {
        Path ca = Path.of(ConfigProvider.getConfig().getValue("otalab.mqtt.ca-file", String.class));
        MqttClientOptions options = new MqttClientOptions();
        options.setClientId("CY_IOT_DEVICE" + (System.nanoTime() & 0xFFFF));
        options.setCleanSession(true);
        options.setKeepAliveInterval(60);
        options.setConnectTimeout(5000);
        options.setSsl(true);
        options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()));
        options.setHostnameVerificationAlgorithm("HTTPS");
        options.setMaxInflightQueue(1000);
        MqttClient client = MqttClient.create(vertx, options);
        TestDevice device = new TestDevice(client);
        client.publishHandler(m -> device.received.add(new Received(m.topicName(), m.payload().getBytes())));
        client.publishCompletionHandler(device.acked::add);
        await(client.connect(port(), host()));
        return device;
    }

    /** Subscribes QoS 1 and waits for the SUBACK. */
    public void subscribe(String... filters) {
        for (String filter : filters) {
            await(client.subscribe(filter, 1));
        }
        // The SUBACK completes the future above in vertx-mqtt only as "sent"; a ping round trip
        // guarantees the broker has processed the SUBSCRIBE before we go on.
        ping();
    }

    /** Publishes QoS 1 and waits for the broker's PUBACK. */
    public void publish(String topic, byte[] payload) {
        int id = await(client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!acked.remove(id)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no PUBACK for a publish to " + topic);
            }
            sleep(1);
        }
    }

    /** The next message within {@code timeout}, or null. */
    public Received next(Duration timeout) {
        try {
            return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void ping() {
        java.util.concurrent.CountDownLatch pong = new java.util.concurrent.CountDownLatch(1);
        client.pingResponseHandler(v -> pong.countDown());
        client.ping();
        try {
            if (!pong.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("no PINGRESP");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * One job phase as the OTA Agent runs it: connect, subscribe the app topic and the unique
     * topic, publish the request, take the first message received within {@code wait} (null if
     * none), disconnect.
     */
    public static Received check(Vertx vertx, String appTopic, String uniqueTopic, String requestTopic,
            byte[] request, Duration wait) {
        try (TestDevice device = connect(vertx)) {
            device.subscribe(appTopic, uniqueTopic);
            device.publish(requestTopic, request);
            return device.next(wait);
        }
    }

    @Override
    public void close() {
        if (client.isConnected()) {
            await(client.disconnect());
        }
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("MQTT operation failed: " + e, e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
