package dev.otalab.agent.registration;

import dev.otalab.agent.config.AgentConfig.MqttSection;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The agent's presence on MQTT: {@code <prefix>/<agent-id>/status} carries {@code online} (published
 * retained at every connect) and {@code offline} (the connection's last will, retained, QoS 1), so
 * the broker announces {@code offline} by itself when the agent's connection drops without a
 * DISCONNECT (crash, power loss, network drop; a silent drop is noticed after 1.5 keep-alive
 * intervals). When the connection is lost or cannot be made, a new one is tried after
 * {@code retryInitialMs}, doubling up to {@code retryMaxMs}; each new connection publishes
 * {@code online} again. A clean {@link #close()} publishes {@code offline} itself before
 * disconnecting (a DISCONNECT discards the will).
 */
public final class MqttPresence implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MqttPresence.class);
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    private final Vertx vertx;
    private final MqttSection cfg;
    private final String topic;
    private volatile MqttClient client;
    private volatile boolean online;
    private volatile boolean closed;
    private volatile int failures;
    private volatile long connects;

    public MqttPresence(Vertx vertx, MqttSection cfg, String agentId) {
        this.vertx = vertx;
        this.cfg = cfg;
        this.topic = statusTopic(cfg.topicPrefix(), agentId);
    }

    public static String statusTopic(String prefix, String agentId) {
        return prefix + "/" + agentId + "/status";
    }

    public String topic() {
        return topic;
    }

    /** Whether {@code online} was published on the current connection. */
    public boolean online() {
        return online;
    }

    /** Successful connections so far. */
    public long connects() {
        return connects;
    }

    public void start() {
        connect();
    }

    private MqttClientOptions options() {
        MqttClientOptions o = new MqttClientOptions()
                .setClientId(cfg.clientId())
                .setCleanSession(true)
                .setKeepAliveInterval(cfg.keepAliveSeconds())
                .setAutoKeepAlive(true)
                .setWillFlag(true)
                .setWillTopic(topic)
                .setWillMessageBytes(Buffer.buffer(OFFLINE))
                .setWillQoS(MqttQoS.AT_LEAST_ONCE.value())
                .setWillRetain(true);
        o.setConnectTimeout(5000);
        if (cfg.username() != null) {
            o.setUsername(cfg.username());
        }
        if (cfg.password() != null) {
            o.setPassword(cfg.password());
        }
        if (cfg.caFile() != null) {
            o.setSsl(true);
            o.setTrustOptions(new PemTrustOptions().addCertPath(cfg.caFile()));
            o.setHostnameVerificationAlgorithm("HTTPS");
            if (cfg.certFile() != null) {
                o.setKeyCertOptions(new PemKeyCertOptions().setCertPath(cfg.certFile()).setKeyPath(cfg.keyFile()));
            }
        }
        return o;
    }

    private void connect() {
        if (closed) {
            return;
        }
        MqttClient c = MqttClient.create(vertx, options());
        client = c;
        c.closeHandler(v -> {
            boolean was = online;
            online = false;
            if (was && !closed) {
                LOG.warnf("MQTT connection to %s:%d lost", cfg.host(), cfg.port());
            }
            if (client == c) {
                retry();
            }
        });
        c.connect(cfg.port(), cfg.host())
                .compose(ack -> c.publish(topic, Buffer.buffer(ONLINE), MqttQoS.AT_LEAST_ONCE, false, true))
                .onSuccess(id -> {
                    if (failures > 0) {
                        LOG.infof("MQTT %s:%d reachable again after %d failed attempt(s)", cfg.host(), cfg.port(), failures);
                    }
                    failures = 0;
                    connects++;
                    online = true;
                    LOG.infof("MQTT: %s = %s (last will: %s)", topic, ONLINE, OFFLINE);
                })
                .onFailure(e -> {
                    if (client == c && !c.isConnected()) {
                        retry();
                    } else if (client == c) {
                        c.disconnect(); // the close handler retries
                    }
                    LOG.debugf("MQTT connect to %s:%d failed: %s", cfg.host(), cfg.port(), e.toString());
                });
    }

    private final Object retryLock = new Object();
    private volatile boolean retryPending;

    private void retry() {
        if (closed) {
            return;
        }
        synchronized (retryLock) {
            if (retryPending) {
                return;
            }
            retryPending = true;
        }
        failures++;
        long delay = Math.min(cfg.retryMaxMs(), cfg.retryInitialMs() << Math.min(failures - 1, 20));
        if (failures == 1 || Integer.bitCount(failures) == 1) {
            LOG.warnf("MQTT %s:%d not connected; retrying in %d ms (attempt %d)", cfg.host(), cfg.port(), delay, failures);
        }
        vertx.setTimer(delay, id -> {
            synchronized (retryLock) {
                retryPending = false;
            }
            connect();
        });
    }

    /** Publishes {@code offline} (retained) and disconnects; waits up to 3 s. */
    @Override
    public void close() {
        closed = true;
        MqttClient c = client;
        if (c == null || !c.isConnected()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        c.publish(topic, Buffer.buffer(OFFLINE), MqttQoS.AT_LEAST_ONCE, false, true)
                .onComplete(r -> c.disconnect().onComplete(d -> done.countDown()));
        try {
            done.await(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        online = false;
    }
}
