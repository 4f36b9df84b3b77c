package dev.otalab.imagestore.mqtt;

import dev.otalab.imagestore.config.MqttConfig;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mqtt.MqttClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * The connection that publishes chunks: one Vert.x {@link MqttClient} on an event-loop context of
 * the Quarkus-managed Vert.x, used by every transfer. Nothing here blocks a thread: a chunk is
 * published, and its PUBACK ({@code publishCompletionHandler}) runs the callback that publishes the
 * transfer's next chunk. All state lives on the one context ({@link #run}), so it needs no locks.
 *
 * <ul>
 *   <li>At most {@code otalab.mqtt.max-in-flight} chunks await a PUBACK over all transfers; further
 *       chunks queue here (in order) until a PUBACK frees a slot.</li>
 *   <li>A chunk not acknowledged within {@code otalab.mqtt.ack-timeout} is published again.</li>
 *   <li>When the broker connection drops, unacknowledged chunks go back to the head of the queue and
 *       are published again after the reconnect (the device ignores an index it already has).</li>
 *   <li>A chunk whose transfer was cancelled meanwhile is skipped, never published.</li>
 * </ul>
 */
@ApplicationScoped
public class ChunkSender {

    private static final Logger LOG = Logger.getLogger(ChunkSender.class);

    /** One message to publish at QoS 1 and what to do on its PUBACK. */
    public record Chunk(String topic, byte[] payload, BooleanSupplier wanted, Runnable onAck) {
    }

    private final Vertx vertx;
    private final MqttOptionsFactory options;
    private final MqttConfig config;
    private Context context;

    // --- state, touched on `context` only ---
    private MqttClient client;
    private boolean connected;
    private boolean stopping;
    private int inFlight;
    private final ArrayDeque<Chunk> waiting = new ArrayDeque<>();
    private final Map<Integer, Chunk> unacked = new HashMap<>();
    /** PUBACKs seen before the publish future named their packet id (write completion raced the ack). */
    private final Set<Integer> earlyAcks = new HashSet<>();
    private volatile boolean up;
    private volatile String lastError = "not connected yet";
    private volatile int queued;

    public ChunkSender(Vertx vertx, MqttOptionsFactory options) {
        this.vertx = vertx;
        this.options = options;
        this.config = options.config();
    }

    void start(@Observes StartupEvent event) {
        context = ((VertxInternal) vertx).createEventLoopContext();
        run(this::connect);
    }

    void stop(@Observes ShutdownEvent event) {
        run(() -> {
            stopping = true;
            if (client != null && client.isConnected()) {
                client.disconnect();
            }
        });
    }

    /** Runs {@code task} on the sender's context: where all transfer state lives. */
    public void run(Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    /** True when called on the sender's context. */
    public boolean onContext() {
        return Vertx.currentContext() == context;
    }

    /** Queues one chunk; call on the sender's context. */
    public void send(Chunk chunk) {
        waiting.addLast(chunk);
        drain();
    }

    public boolean isConnected() {
        return up;
    }

    public String lastError() {
        return lastError;
    }

    /** Chunks waiting for a window slot (approximate, for health and metrics). */
    public int queued() {
        return queued;
    }

    private void connect() {
        if (stopping) {
            return;
        }
        MqttClient c = MqttClient.create(vertx, options.senderOptions());
        client = c;
        c.publishCompletionHandler(this::acked);
        c.publishCompletionExpirationHandler(this::expired);
        c.publishCompletionUnknownPacketIdHandler(id -> LOG.debugf("PUBACK for unknown packet %d", id));
        c.exceptionHandler(e -> LOG.debugf("chunk sender connection: %s", e.toString()));
        c.closeHandler(v -> closed(c));
        c.connect(config.port(), config.host()).onComplete(ar -> {
            if (ar.succeeded()) {
                connected = true;
                up = true;
                lastError = null;
                LOG.infof("chunk sender connected to %s", options.endpoint());
                drain();
            } else {
                lastError = String.valueOf(ar.cause());
                LOG.warnf("chunk sender cannot connect to %s: %s; retrying in %d ms", options.endpoint(),
                        ar.cause(), config.reconnectDelay().toMillis());
                retryLater();
            }
        });
    }

    private void closed(MqttClient c) {
        if (c != client) {
            return;
        }
        boolean was = connected;
        connected = false;
        up = false;
        // Unacknowledged chunks go first again, in their original order as far as it is known.
        List<Chunk> again = new ArrayList<>(unacked.values());
        unacked.clear();
        earlyAcks.clear();
        inFlight = 0;
        for (int i = again.size() - 1; i >= 0; i--) {
            waiting.addFirst(again.get(i));
        }
        queued = waiting.size();
        if (stopping) {
            return;
        }
        if (was) {
            lastError = "connection to the broker lost";
            LOG.warnf("chunk sender lost %s; %d chunk(s) will be sent again after reconnecting",
                    options.endpoint(), again.size());
        }
        retryLater();
    }

    private void retryLater() {
        if (!stopping) {
            vertx.setTimer(Math.max(1, config.reconnectDelay().toMillis()), id -> run(this::connect));
        }
    }

    private void drain() {
        while (connected && inFlight < config.maxInFlight() && !waiting.isEmpty()) {
            Chunk chunk = waiting.pollFirst();
            if (!chunk.wanted().getAsBoolean()) {
                continue;
            }
            publish(chunk);
        }
        queued = waiting.size();
    }

    private void publish(Chunk chunk) {
        MqttClient c = client;
        inFlight++;
        c.publish(chunk.topic(), Buffer.buffer(chunk.payload()), MqttQoS.AT_LEAST_ONCE, false, false)
                .onComplete(ar -> {
                    if (c != client) {
                        return; // that connection is gone; closed() re-queued what it knew
                    }
                    if (ar.failed()) {
                        inFlight--;
                        LOG.debugf("publish to %s failed: %s", chunk.topic(), ar.cause());
                        if (connected) {
                            // Not a connection problem (e.g. a topic the client refuses): drop this chunk.
                            LOG.warnf("chunk for %s dropped: %s", chunk.topic(), ar.cause().getMessage());
                            drain();
                        } else {
                            waiting.addFirst(chunk);
                        }
                        return;
                    }
                    int id = ar.result();
                    if (earlyAcks.remove(id)) {
                        complete(chunk);
                    } else {
                        unacked.put(id, chunk);
                    }
                });
    }

    private void acked(int packetId) {
        Chunk chunk = unacked.remove(packetId);
        if (chunk == null) {
            earlyAcks.add(packetId);
            return;
        }
        complete(chunk);
    }

    private void complete(Chunk chunk) {
        inFlight--;
        try {
            chunk.onAck().run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "after the PUBACK of a chunk for %s", chunk.topic());
        }
        drain();
    }

    private void expired(int packetId) {
        Chunk chunk = unacked.remove(packetId);
        if (chunk == null) {
            return;
        }
        inFlight--;
        LOG.debugf("no PUBACK for a chunk to %s within %s; sending it again", chunk.topic(), config.ackTimeout());
        waiting.addFirst(chunk);
        drain();
    }
}
