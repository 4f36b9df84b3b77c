package dev.otalab.testing;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A blocking wrapper around the Vert.x MQTT client (what the Quarkus services use underneath). */
final class TestMqtt implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    record Message(String topic, String payload, MqttPublishMessage raw) {
    }

    private final MqttClient client;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final Set<Integer> acked = ConcurrentHashMap.newKeySet();
    private final AtomicReference<List<Integer>> lastSubAck = new AtomicReference<>();
    final CountDownLatch closed = new CountDownLatch(1);

    private TestMqtt(MqttClient client) {
        this.client = client;
    }

    /** Plain MQTT options with a unique client id. */
    static MqttClientOptions plain() {
        MqttClientOptions options = new MqttClientOptions();
        options.setClientId("t" + Long.toHexString(System.nanoTime()));
        options.setConnectTimeout(5000);
        return options;
    }

    /** TLS that trusts only {@code ca} and checks the server's name (IP SAN for an IP literal). */
    static MqttClientOptions tls(Path ca) {
        MqttClientOptions options = plain();
        options.setSsl(true);
        options.setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()));
        options.setHostnameVerificationAlgorithm("HTTPS");
        return options;
    }

    /** TLS with a client certificate. */
    static MqttClientOptions mutualTls(Path ca, Path cert, Path key) {
        MqttClientOptions options = tls(ca);
        options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()));
        return options;
    }

    static MqttClientOptions mutualTls(MosquittoBroker broker, String cn) {
        return mutualTls(broker.caCertificate(), broker.clientCertificate(cn), broker.clientKey(cn));
    }

    /** Connects and waits for CONNACK; throws if the connection or the CONNACK fails. */
    static TestMqtt connect(Vertx vertx, MqttClientOptions options, int port) throws Exception {
        MqttClient client = MqttClient.create(vertx, options);
        TestMqtt mqtt = new TestMqtt(client);
        client.publishHandler(m -> mqtt.received.add(new Message(m.topicName(), m.payload().toString(), m)));
        client.publishCompletionHandler(mqtt.acked::add);
        client.subscribeCompletionHandler(ack -> mqtt.lastSubAck.set(ack.grantedQoSLevels()));
        client.closeHandler(v -> mqtt.closed.countDown());
        await(client.connect(port, MosquittoBroker.HOST));
        return mqtt;
    }

    /** Subscribes at QoS 1 and waits for the SUBACK. */
    List<Integer> subscribe(String... filters) throws Exception {
        lastSubAck.set(null);
        for (String filter : filters) {
            await(client.subscribe(filter, 1));
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (lastSubAck.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (lastSubAck.get() == null) {
            throw new AssertionError("no SUBACK for " + List.of(filters));
        }
        return lastSubAck.get();
    }

    /** Publishes at QoS 1 and waits for the broker's PUBACK. */
    void publish(String topic, String payload) throws Exception {
        publish(topic, Buffer.buffer(payload));
    }

    void publish(String topic, Buffer payload) throws Exception {
        int id = await(client.publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, false));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!acked.remove(id)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no PUBACK for " + topic);
            }
            Thread.sleep(1);
        }
    }

    /** The next message, or null after the timeout. */
    Message next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    Message next() throws InterruptedException {
        Message message = next(TIMEOUT);
        if (message == null) {
            throw new AssertionError("no message within " + TIMEOUT);
        }
        return message;
    }

    boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() throws Exception {
        if (client.isConnected()) {
            await(client.disconnect());
        }
    }

    static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
