package dev.otalab.emulator.ota;

import dev.otalab.ota.OtaTopics;
import dev.otalab.ota.ServerEndpoint;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The network stack every kit of a process shares: <b>one</b> {@link Vertx} with a few event-loop
 * threads, so a thousand kits mean a thousand MQTT connections on those threads, not a thousand
 * threads. Also caches the TLS key and trust managers per set of certificate files, so a kit's
 * connection (one per OTA phase) does not parse PEM files again.
 *
 * <p>Connection set-ups (TCP, TLS handshake, CONNECT/CONNACK) are admitted {@value #CONNECTS_PER_EVENT_LOOP}
 * per event loop at a time, the rest queue: on real hardware every device has its own CPU for
 * its handshake, here they share a few threads, and a thousand kits checking at once would
 * otherwise all run into their CONNACK timeout together and retry together. A kit's connect
 * timeout starts when its set-up is admitted.
 *
 * <p>Use {@link #create(int)} and close it when the kits are gone, {@link #wrap(Vertx)} to run on a
 * Vert.x the caller owns (e.g. a Quarkus service's), or {@link #shared()}: a process-wide instance
 * with daemon threads that kits use when their spec names none.
 */
public final class OtaNetwork implements AutoCloseable {

    /** Device receive buffer: a whole PUBLISH packet, fixed header included, must fit 5120 bytes. */
    static final int DEVICE_RECEIVE_BUFFER = 5120;
    /** Vert.x limits the remaining length: 5120 − 1 (packet type) − 2 (its length field for 128..16383). */
    static final int MAX_REMAINING_LENGTH = DEVICE_RECEIVE_BUFFER - 3;
    /** MQTT keep-alive of the device. */
    static final int KEEP_ALIVE_SECONDS = 60;

    /** How long {@link #close()} waits for connections to end before stopping the event loops. */
    static final long DRAIN_MILLIS = 5_000;

    /** Connection set-ups in progress per event loop. */
    public static final int CONNECTS_PER_EVENT_LOOP = 16;

    private static OtaNetwork shared;

    private final Vertx vertx;
    private final boolean owned;
    private final int maxConnecting;
    private final Object admission = new Object();
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int connecting;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<TlsKey, TlsMaterial> tls = new ConcurrentHashMap<>();

    private record TlsKey(Path ca, Path cert, Path key) {
    }

    private record TlsMaterial(TrustManagerFactory trust, KeyManagerFactory keys) {
    }

    private OtaNetwork(Vertx vertx, boolean owned, int eventLoops) {
        this.vertx = vertx;
        this.owned = owned;
        this.maxConnecting = CONNECTS_PER_EVENT_LOOP * eventLoops;
    }

    /** A new Vert.x with {@code eventLoops} daemon event-loop threads and minimal worker pools. */
    public static OtaNetwork create(int eventLoops) {
        if (eventLoops < 1) {
            throw new IllegalArgumentException("eventLoops must be >= 1, got " + eventLoops);
        }
        VertxOptions options = new VertxOptions()
                .setEventLoopPoolSize(eventLoops)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(2)
                .setUseDaemonThread(true)
                .setBlockedThreadCheckInterval(10)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false));
        return new OtaNetwork(Vertx.vertx(options), true, eventLoops);
    }

    /** Runs on a Vert.x owned by the caller; {@link #close()} leaves it open. */
    public static OtaNetwork wrap(Vertx vertx) {
        return new OtaNetwork(Objects.requireNonNull(vertx, "vertx"), false,
                Math.max(1, VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE));
    }

    /** The process-wide instance (two event loops, daemon threads), created on first use; {@link #close()} leaves it open. */
    public static synchronized OtaNetwork shared() {
        if (shared == null) {
            shared = new OtaNetwork(create(2).vertx, false, 2); // never closed: daemon threads
        }
        return shared;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** MQTT connections of kits open now (connected and not yet closed): 0 once every kit is off. */
    public int openConnections() {
        return open.get();
    }

    /** Connection set-ups running or queued now. */
    public int pendingConnects() {
        synchronized (admission) {
            return connecting + waiting.size();
        }
    }

    /** Runs {@code start} when a set-up slot is free; it must call {@link #connectDone()} exactly once. */
    void admit(Runnable start) {
        synchronized (admission) {
            if (connecting >= maxConnecting) {
                waiting.add(start);
                return;
            }
            connecting++;
        }
        start.run();
    }

    void connectDone() {
        Runnable next;
        synchronized (admission) {
            next = waiting.poll();
            if (next == null) {
                connecting--;
                return;
            }
        }
        next.run(); // the slot passes on
    }

    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    /**
     * The MQTT options of one device connection (spec §4): the given client id, clean session,
     * keep-alive 60 s, will {@code cy_ota_device/will} (QoS 1, not retained), the receive-buffer
     * limit, acknowledgements sent by the agent after it handled a message, and TLS to {@code server}
     * as the config says.
     */
    MqttClientOptions clientOptions(OtaConfig config, ServerEndpoint server, String clientId) {
        MqttClientOptions o = new MqttClientOptions();
        o.setClientId(clientId);
        o.setCleanSession(true);
        o.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
        o.setAutoKeepAlive(true);
        o.setWillFlag(true);
        o.setWillTopic(OtaTopics.WILL_TOPIC);
        o.setWillMessageBytes(Buffer.buffer(OtaTopics.WILL_PAYLOAD));
        o.setWillQoS(1);
        o.setWillRetain(false);
        o.setMaxMessageSize(MAX_REMAINING_LENGTH);
        o.setMaxInflightQueue(1);
        o.setAutoAck(false);
        o.setAckTimeout((int) Math.max(1, (config.timers().ackTimeoutMs() + 999) / 1000));
        o.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timers().ackTimeoutMs()));
        if (config.username() != null) {
            o.setUsername(config.username());
        }
        if (config.password() != null) {
            o.setPassword(config.password());
        }
        if (config.tlsFor(server)) {
            TlsMaterial m = tls.computeIfAbsent(new TlsKey(config.caCertificate(), config.clientCertificate(),
                    config.clientKey()), this::load);
            o.setSsl(true);
            o.setTrustOptions(TrustOptions.wrap(m.trust()));
            if (m.keys() != null) {
                o.setKeyCertOptions(KeyCertOptions.wrap(m.keys()));
            }
            o.setHostnameVerificationAlgorithm(config.verifyHostname() ? "HTTPS" : "");
        }
        return o;
    }

    private TlsMaterial load(TlsKey k) {
        try {
            TrustManagerFactory trust = new PemTrustOptions().addCertPath(k.ca().toString()).getTrustManagerFactory(vertx);
            KeyManagerFactory keys = k.cert() == null ? null
                    : new PemKeyCertOptions().setCertPath(k.cert().toString()).setKeyPath(k.key().toString())
                            .getKeyManagerFactory(vertx);
            return new TlsMaterial(trust, keys);
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the OTA TLS files (CA " + k.ca() + ", certificate " + k.cert()
                    + ", key " + k.key() + "): " + e.getMessage(), e);
        }
    }

    /** Forgets the cached TLS material (certificate files replaced on disk). */
    public void reloadCertificates() {
        tls.clear();
    }

    /** Closes the Vert.x when this network created it. */
    @Override
    /**
     * Closes an owned Vert.x, first waiting up to {@value #DRAIN_MILLIS} ms for the kits' connections
     * and connection set-ups to end (close the kits first): event loops stopped under them make Netty
     * and Vert.x log a SEVERE stack trace per connection.
     */
    public void close() {
        if (owned) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
            while ((openConnections() > 0 || pendingConnects() > 0) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null)
                    .join();
        }
    }
}
