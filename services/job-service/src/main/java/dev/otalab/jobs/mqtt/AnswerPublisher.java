package dev.otalab.jobs.mqtt;

import dev.otalab.jobs.config.MqttConfig;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Publishes answers to devices' unique topics, QoS 1, and completes only when the broker's PUBACK
 * arrives. A Vert.x {@link MqttClient} on Quarkus' Vert.x (not the connector's outgoing channel):
 * the connector acknowledges a message once it is written to the socket, this client reports the
 * PUBACK itself, so an answer counts as sent only when the broker holds it (README, "MQTT").
 *
 * <p>Same broker and credentials as the incoming channel ({@link MqttConfig}). Reconnects on its
 * own (1 s, doubling to 30 s); while it is down, publishing fails at once: the device gets no
 * answer, waits its 30 s and asks again at its next check.
 */
@ApplicationScoped
public class AnswerPublisher {

    private static final Logger LOG = Logger.getLogger(AnswerPublisher.class);
    private static final long MAX_RECONNECT_MS = 30_000;

    private final Vertx vertx;
    private final MqttConfig config;
    private final Map<Integer, Promise<Void>> awaitingAck = new ConcurrentHashMap<>();
    /** PUBACKs that overtook the write completion (packet id → arrival nanos); kept for a second. */
    private final Map<Integer, Long> earlyAcks = new ConcurrentHashMap<>();
    private volatile MqttClient client;
    private volatile boolean connected;
    private volatile boolean stopped;
    private volatile long reconnectDelay = 1000;

    public AnswerPublisher(Vertx vertx, MqttConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        connect();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        MqttClient c = client;
        if (c != null && c.isConnected()) {
            c.disconnect();
        }
    }

    /** True while the client holds a connection to the broker (readiness). */
    public boolean isConnected() {
        return connected;
    }

    /** Publishes {@code payload} to {@code topic}, QoS 1, not retained; completes on the PUBACK. */
    public Uni<Void> publish(String topic, byte[] payload) {
        return Uni.createFrom().<Void>emitter(emitter -> {
            MqttClient c = client;
            if (c == null || !connected) {
                emitter.fail(new IllegalStateException("not connected to the MQTT broker"));
                return;
            }
            c.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
                    .onFailure(emitter::fail)
                    .onSuccess(packetId -> {
                        Long early = earlyAcks.remove(packetId);
                        if (early != null && System.nanoTime() - early < 1_000_000_000L) {
                            emitter.complete(null);
                            return;
                        }
                        Promise<Void> ack = Promise.promise();
                        awaitingAck.put(packetId, ack);
                        ack.future().onComplete(r -> {
                            if (r.succeeded()) {
                                emitter.complete(null);
                            } else {
                                emitter.fail(r.cause());
                            }
                        });
                        emitter.onTermination(() -> awaitingAck.remove(packetId, ack));
                    });
        }).ifNoItem().after(config.publishTimeout())
                .failWith(() -> new IllegalStateException("no PUBACK from the broker within " + config.publishTimeout()));
    }

    private synchronized void connect() {
        if (stopped) {
            return;
        }
        MqttClient c = MqttClient.create(vertx, options());
        c.publishCompletionHandler(packetId -> {
            Promise<Void> ack = awaitingAck.remove(packetId);
            if (ack != null) {
                ack.tryComplete();
            } else {
                earlyAcks.put(packetId, System.nanoTime());
            }
        });
        c.closeHandler(ignored -> {
            connected = false;
            failPending("connection to the MQTT broker lost");
            if (!stopped) {
                LOG.warnf("answer publisher lost the broker %s:%d; reconnecting", config.host(), config.port());
                scheduleReconnect();
            }
        });
        client = c;
        c.connect(config.port(), config.host()).onComplete(result -> {
            if (result.succeeded()) {
                connected = true;
                reconnectDelay = 1000;
                LOG.infof("answer publisher connected to %s:%d (tls=%s)", config.host(), config.port(), config.tls());
            } else {
                LOG.warnf("answer publisher cannot connect to %s:%d: %s", config.host(), config.port(),
                        result.cause().toString());
                scheduleReconnect();
            }
        });
    }

    private void scheduleReconnect() {
        long delay = reconnectDelay;
        reconnectDelay = Math.min(MAX_RECONNECT_MS, delay * 2);
        vertx.setTimer(delay, id -> connect());
    }

    private void failPending(String why) {
        earlyAcks.clear();
        awaitingAck.keySet().forEach(id -> {
            Promise<Void> p = awaitingAck.remove(id);
            if (p != null) {
                p.tryFail(why);
            }
        });
    }

    private MqttClientOptions options() {
        MqttClientOptions options = new MqttClientOptions()
                .setClientId("job-service-" + UUID.randomUUID().toString().substring(0, 8))
                .setCleanSession(true)
                .setKeepAliveInterval(30)
                .setAutoKeepAlive(true)
                .setMaxInflightQueue(100);
        options.setConnectTimeout(5000);
        if (config.tls()) {
            options.setSsl(true);
            config.caFile().filter(f -> !f.isBlank())
                    .ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca)));
            if (config.certFile().filter(f -> !f.isBlank()).isPresent()) {
                options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.certFile().get())
                        .setKeyPath(config.keyFile().orElseThrow(() -> new IllegalStateException(
                                "otalab.mqtt.cert-file is set but otalab.mqtt.key-file is not"))));
            }
            if (!"NONE".equalsIgnoreCase(config.hostnameVerification())) {
                options.setHostnameVerificationAlgorithm(config.hostnameVerification());
            }
        }
        return options;
    }
}
