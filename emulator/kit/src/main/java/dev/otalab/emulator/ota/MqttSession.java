package dev.otalab.emulator.ota;

import dev.otalab.ota.ServerEndpoint;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * One MQTT connection of the device (one OTA phase), as coreMQTT is used by the OTA Agent: every
 * operation completes when the broker acknowledged it (CONNACK, SUBACK, PUBACK, UNSUBACK) or fails
 * after the acknowledgement timeout. Incoming publishes go to the {@link Listener} with an
 * acknowledgement the listener sends after handling the message (coreMQTT acknowledges after its
 * callback returned). Futures complete on Vert.x event-loop threads: callers continue elsewhere.
 */
final class MqttSession {

    /** Events of a session. Called on event-loop threads: hand work off, do not block. */
    interface Listener {
        void onPublish(MqttSession session, String topic, byte[] payload, Runnable ack);

        /** The connection dropped without the agent asking (broker gone, network error). */
        void onLost(MqttSession session);
    }

    /** MqttClientImpl's private {@code connection()}: lets {@link #abort()} drop TCP without DISCONNECT. */
    private static final Method CONNECTION = connectionAccessor();

    private final OtaNetwork network;
    private final MqttClient client;
    private final ServerEndpoint server;
    private final String clientId;
    private final long ackTimeoutMs;
    private final Listener listener;

    private final Object lock = new Object();
    private final Map<Integer, CompletableFuture<Void>> subAcks = new HashMap<>();
    private final Map<Integer, CompletableFuture<Void>> pubAcks = new HashMap<>();
    private final Map<Integer, CompletableFuture<Void>> unsubAcks = new HashMap<>();
    private final Map<Integer, Object> early = new HashMap<>();
    private volatile boolean closing;
    private volatile boolean connected;
    private final AtomicBoolean closeCounted = new AtomicBoolean();

    private MqttSession(OtaNetwork network, MqttClientOptions options, ServerEndpoint server, long ackTimeoutMs,
            Listener listener) {
        this.network = network;
        this.client = MqttClient.create(network.vertx(), options);
        this.server = server;
        this.clientId = options.getClientId();
        this.ackTimeoutMs = ackTimeoutMs;
        this.listener = listener;
        client.publishHandler(this::onPublish);
        client.subscribeCompletionHandler(ack -> {
            boolean refused = ack.grantedQoSLevels().stream().anyMatch(q -> q == 0x80);
            settle(subAcks, ack.messageId(), refused ? "SUBACK refused the subscription" : null);
        });
        client.publishCompletionHandler(id -> settle(pubAcks, id, null));
        client.publishCompletionExpirationHandler(id -> settle(pubAcks, id, "no PUBACK"));
        client.unsubscribeCompletionHandler(id -> settle(unsubAcks, id, null));
        client.closeHandler(v -> onClosed());
        client.exceptionHandler(this::onException);
    }

    /**
     * Opens a connection once the network admits the set-up, and completes with it after the
     * CONNACK accepted it; fails after the connect timeout plus the acknowledgement timeout
     * (counted from admission), or at once when {@code cancelled} says so at admission.
     */
    static CompletableFuture<MqttSession> connect(OtaNetwork network, MqttClientOptions options, ServerEndpoint server,
            long ackTimeoutMs, Listener listener, BooleanSupplier cancelled) {
        MqttSession s = new MqttSession(network, options, server, ackTimeoutMs, listener);
        CompletableFuture<MqttSession> done = new CompletableFuture<>();
        network.admit(() -> s.start(done, options.getConnectTimeout() + ackTimeoutMs, cancelled));
        return done;
    }

    private void start(CompletableFuture<MqttSession> done, long limitMs, BooleanSupplier cancelled) {
        AtomicBoolean released = new AtomicBoolean();
        done.whenComplete((ok, err) -> {
            if (released.compareAndSet(false, true)) {
                network.connectDone();
            }
            if (err instanceof TimeoutException) {
                abort();
            }
        });
        if (closing || cancelled.getAsBoolean()) {
            done.completeExceptionally(new IllegalStateException("connection cancelled"));
            return;
        }
        done.orTimeout(limitMs, TimeUnit.MILLISECONDS);
        try {
            client.connect(server.port(), server.host()).onComplete(ar -> {
                if (ar.failed()) {
                    done.completeExceptionally(ar.cause());
                    return;
                }
                connected = true;
                network.opened();
                if (closing) { // aborted while connecting
                    abort();
                    done.completeExceptionally(new IllegalStateException("connection aborted"));
                } else if (!done.complete(this)) {
                    abort(); // timed out meanwhile
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    ServerEndpoint server() {
        return server;
    }

    String clientId() {
        return clientId;
    }

    /** SUBSCRIBE at QoS 1; completes on a SUBACK that granted it. */
    CompletableFuture<Void> subscribe(String filter) {
        return track(subAcks, "SUBACK for " + filter, () -> client.subscribe(filter, 1));
    }

    /** PUBLISH at QoS 1, not retained; completes on the PUBACK. */
    CompletableFuture<Void> publish(String topic, byte[] payload) {
        return track(pubAcks, "PUBACK on " + topic,
                () -> client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false));
    }

    /** UNSUBSCRIBE of the filters in one packet; completes on the UNSUBACK. */
    CompletableFuture<Void> unsubscribe(List<String> filters) {
        return track(unsubAcks, "UNSUBACK", () -> client.unsubscribe(filters));
    }

    /** Sends DISCONNECT and closes. Never fails. */
    CompletableFuture<Void> disconnect() {
        closing = true;
        failAll("disconnected");
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!client.isConnected()) {
            done.complete(null);
            return done;
        }
        try {
            client.disconnect().onComplete(ar -> done.complete(null));
        } catch (RuntimeException e) {
            done.complete(null);
        }
        return done.completeOnTimeout(null, ackTimeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Drops the connection as a power loss would: the TCP connection closes without DISCONNECT,
     * so the broker publishes the will. Falls back to DISCONNECT if the client's internals changed.
     */
    void abort() {
        closing = true;
        failAll("aborted");
        if (!connected) {
            return; // connect() closes it when the CONNACK comes
        }
        closeSocket();
    }

    /**
     * A packet the device cannot take (larger than its 5120-byte receive buffer, or undecodable):
     * coreMQTT's receive fails and the OTA Agent loses the connection. The client would otherwise
     * discard everything after it, so the connection is closed and reported lost.
     */
    private void onException(Throwable e) {
        if (e instanceof io.netty.handler.codec.DecoderException || e instanceof io.netty.handler.codec.TooLongFrameException) {
            closeSocket();
        }
    }

    private void closeSocket() {
        Object connection = null;
        if (CONNECTION != null) {
            try {
                connection = CONNECTION.invoke(client);
            } catch (ReflectiveOperationException | RuntimeException e) {
                connection = null;
            }
        }
        if (connection instanceof NetSocket socket) {
            socket.close();
        } else if (client.isConnected()) {
            client.disconnect();
        }
    }

    // ------------------------------------------------------------------ internals

    private interface Send {
        io.vertx.core.Future<Integer> send();
    }

    private CompletableFuture<Void> track(Map<Integer, CompletableFuture<Void>> acks, String what, Send send) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        if (closing) {
            ack.completeExceptionally(new IllegalStateException("connection closed"));
            return ack;
        }
        try {
            send.send().onComplete(ar -> {
                if (ar.failed()) {
                    ack.completeExceptionally(ar.cause());
                    return;
                }
                int id = ar.result();
                synchronized (lock) {
                    Object e = early.remove(id);
                    if (e == null) {
                        acks.put(id, ack);
                        return;
                    }
                    complete(ack, e instanceof String s ? s : null);
                }
            });
        } catch (RuntimeException e) {
            ack.completeExceptionally(e);
        }
        ack.orTimeout(ackTimeoutMs, TimeUnit.MILLISECONDS);
        return ack.exceptionallyCompose(e -> CompletableFuture.failedFuture(e instanceof TimeoutException
                ? new TimeoutException("no " + what + " within " + ackTimeoutMs + " ms") : e));
    }

    private void settle(Map<Integer, CompletableFuture<Void>> acks, int id, String error) {
        CompletableFuture<Void> f;
        synchronized (lock) {
            f = acks.remove(id);
            if (f == null) {
                early.put(id, error != null ? error : Boolean.TRUE);
                if (early.size() > 64) {
                    early.clear(); // stray acknowledgements of expired operations
                }
                return;
            }
        }
        complete(f, error);
    }

    private static void complete(CompletableFuture<Void> f, String error) {
        if (error == null) {
            f.complete(null);
        } else {
            f.completeExceptionally(new IllegalStateException(error));
        }
    }

    private void failAll(String why) {
        List<CompletableFuture<Void>> all;
        synchronized (lock) {
            all = new java.util.ArrayList<>(subAcks.values());
            all.addAll(pubAcks.values());
            all.addAll(unsubAcks.values());
            subAcks.clear();
            pubAcks.clear();
            unsubAcks.clear();
            early.clear();
        }
        all.forEach(f -> f.completeExceptionally(new IllegalStateException("connection " + why)));
    }

    private void onPublish(MqttPublishMessage m) {
        byte[] payload = m.payload().getBytes();
        Runnable ack = m.qosLevel() == MqttQoS.AT_MOST_ONCE ? () -> { } : () -> {
            try {
                m.ack();
            } catch (RuntimeException e) {
                // connection gone: nothing to acknowledge
            }
        };
        listener.onPublish(this, m.topicName(), payload, ack);
    }

    private void onClosed() {
        if (connected && closeCounted.compareAndSet(false, true)) {
            network.closed();
        }
        boolean wanted = closing;
        closing = true;
        failAll("lost");
        if (!wanted) {
            listener.onLost(this);
        }
    }

    private static Method connectionAccessor() {
        try {
            Method m = Class.forName("io.vertx.mqtt.impl.MqttClientImpl").getDeclaredMethod("connection");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "MqttSession[" + clientId + "@" + server.host() + ":" + server.port() + "]";
    }
}
