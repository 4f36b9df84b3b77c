package dev.otalab.emulator.ota;

import dev.otalab.ota.ChunkEncoder;
import dev.otalab.ota.DeviceMessage;
import dev.otalab.ota.DeviceMessageParser;
import dev.otalab.ota.JobDocument;
import dev.otalab.ota.OtaProtocolException;
import dev.otalab.ota.OtaTopics;
import dev.otalab.ota.OtaVersion;
import dev.otalab.ota.RequestUpdate;
import dev.otalab.ota.UpdateAvailability;
import dev.otalab.testing.MosquittoBroker;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The server side, played by the test over the real broker with {@code services/ota-protocol}:
 * answers {@code Update Availability} with a job document on the device's unique topic and
 * {@code Request Update} with every chunk of the image, QoS 1, each after the previous PUBACK (as
 * the contract asks of image-store). Connects with mutual TLS as {@code otalab-service},
 * reconnects when the broker restarts, records every request and every will it sees. Hooks let a
 * test change what is sent: the job per request, the chunk sequence per transfer, and a pause /
 * stop before any chunk.
 */
final class TestOtaServer implements AutoCloseable {

    /** A message a device published on a request topic. */
    record Request(String topic, byte[] payload, DeviceMessage message, long atNanos) {
    }

    /** Before each chunk message: return false to end the transfer there (nothing more is sent). */
    interface ChunkHook {
        boolean beforeSend(int transfer, int position, byte[] message);
    }

    private final MosquittoBroker broker;
    private final String prepend;
    private final Vertx vertx;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> wills = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger transfers = new AtomicInteger();
    private final Map<Integer, Promise<Void>> pubAcks = new HashMap<>();
    private final Map<Integer, String> earlyAcks = new HashMap<>();
    private volatile MqttClient client;
    private volatile boolean closed;

    /** Job answered for an {@code Update Availability}; null = stay silent. */
    volatile Function<UpdateAvailability, JobDocument> jobs = ua -> null;
    /** The chunk messages of transfer n (1-based) for a {@code Request Update}; default: the image in order. */
    volatile BiFunction<Integer, RequestUpdate, List<byte[]>> chunks = (n, ru) -> List.of();
    volatile ChunkHook hook = (transfer, position, message) -> true;

    private TestOtaServer(MosquittoBroker broker, String prepend) {
        this.broker = broker;
        this.prepend = prepend;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1).setUseDaemonThread(true));
    }

    static TestOtaServer start(MosquittoBroker broker) throws Exception {
        TestOtaServer s = new TestOtaServer(broker, OtaTopics.CE_PREPEND);
        s.connect().get(20, TimeUnit.SECONDS);
        return s;
    }

    // ------------------------------------------------------------------ configuration

    /** Offer {@code job} (its unique topic replaced per request) to every device that asks. */
    TestOtaServer offer(JobDocument job) {
        jobs = ua -> job;
        return this;
    }

    /** Serve {@code image} (version {@code version}) in index order on every {@code Request Update}. */
    TestOtaServer serve(byte[] image, OtaVersion version) {
        ChunkEncoder encoder = new ChunkEncoder(image, version);
        chunks = (n, ru) -> all(encoder);
        return this;
    }

    static List<byte[]> all(ChunkEncoder encoder) {
        List<byte[]> out = new ArrayList<>();
        encoder.messages().forEachRemaining(out::add);
        return out;
    }

    /** A job document as job-service would send it: same server, the board and version given. */
    static JobDocument job(String board, OtaVersion version) {
        return JobDocument.updateAvailable()
                .manufacturer("Infineon").manufacturerId("ABCD123").product("EFGH456").serialNumber("ABC213450001")
                .board(board).version(version).broker("").port("").build();
    }

    // ------------------------------------------------------------------ observations

    List<Request> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    List<Request> requests(Class<? extends DeviceMessage> type) {
        return requests().stream().filter(r -> type.isInstance(r.message())).toList();
    }

    List<String> wills() {
        synchronized (wills) {
            return new ArrayList<>(wills);
        }
    }

    int transfers() {
        return transfers.get();
    }

    void clear() {
        requests.clear();
        wills.clear();
    }

    /** Waits until {@code n} requests of {@code type} were seen; returns them. */
    List<Request> await(Class<? extends DeviceMessage> type, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Request> r = requests(type);
            if (r.size() >= n) {
                return r;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("expected " + n + " " + type.getSimpleName() + " within " + timeout + ", got "
                + requests(type).size());
    }

    // ------------------------------------------------------------------ MQTT

    private CompletableFuture<Void> connect() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        tryConnect(done);
        return done;
    }

    private void tryConnect(CompletableFuture<Void> done) {
        if (closed) {
            done.cancel(false);
            return;
        }
        MqttClientOptions o = new MqttClientOptions()
                .setClientId("OTASend" + System.nanoTime() % 1_000_000_000L)
                .setCleanSession(true)
                .setKeepAliveInterval(60)
                .setMaxInflightQueue(100)
                .setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(broker.caCertificate().toString()))
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(broker.clientCertificate(MosquittoBroker.SERVICE_CLIENT).toString())
                        .setKeyPath(broker.clientKey(MosquittoBroker.SERVICE_CLIENT).toString()))
                .setHostnameVerificationAlgorithm("HTTPS");
        o.setConnectTimeout(2000);
        MqttClient c = MqttClient.create(vertx, o);
        c.publishHandler(m -> onPublish(m.topicName(), m.payload().getBytes()));
        c.publishCompletionHandler(id -> ack(id, null));
        c.publishCompletionExpirationHandler(id -> ack(id, "no PUBACK"));
        c.closeHandler(v -> {
            failAcks();
            if (!closed) {
                vertx.setTimer(100, t -> tryConnect(new CompletableFuture<>()));
            }
        });
        c.connect(broker.mutualTlsPort(), broker.host())
                .compose(ack -> c.subscribe(OtaTopics.requestTopicFilter(prepend), 1))
                .compose(id -> c.subscribe(OtaTopics.WILL_TOPIC, 1))
                .onSuccess(id -> {
                    client = c;
                    // the SUBACK follows; give it a moment before declaring the server ready
                    vertx.setTimer(100, t -> done.complete(null));
                })
                .onFailure(e -> vertx.setTimer(100, t -> tryConnect(done)));
    }

    private void onPublish(String topic, byte[] payload) {
        if (topic.equals(OtaTopics.WILL_TOPIC)) {
            wills.add(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        DeviceMessage m;
        try {
            m = DeviceMessageParser.parse(payload);
        } catch (OtaProtocolException e) {
            requests.add(new Request(topic, payload, null, System.nanoTime()));
            return; // logged and dropped, as the services do
        }
        requests.add(new Request(topic, payload, m, System.nanoTime()));
        if (m instanceof UpdateAvailability ua) {
            JobDocument job = jobs.apply(ua);
            if (job != null) {
                publish(ua.uniqueTopicName(), job.withUniqueTopicName(ua.uniqueTopicName()).toBytes());
            }
        } else if (m instanceof RequestUpdate ru) {
            int n = transfers.incrementAndGet();
            List<byte[]> messages = chunks.apply(n, ru);
            send(n, ru.uniqueTopicName(), messages, 0);
        }
    }

    /** Chunk {@code i} of a transfer, then the next once the broker acknowledged it. */
    private void send(int transfer, String topic, List<byte[]> messages, int i) {
        if (i >= messages.size() || closed) {
            return;
        }
        if (!hook.beforeSend(transfer, i, messages.get(i))) {
            return;
        }
        publish(topic, messages.get(i)).onSuccess(v -> send(transfer, topic, messages, i + 1));
    }

    private io.vertx.core.Future<Void> publish(String topic, byte[] payload) {
        MqttClient c = client;
        Promise<Void> acked = Promise.promise();
        if (c == null || !c.isConnected()) {
            acked.fail("not connected");
            return acked.future();
        }
        c.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false).onComplete(ar -> {
            if (ar.failed()) {
                acked.tryFail(ar.cause());
                return;
            }
            String early;
            synchronized (pubAcks) {
                if (!earlyAcks.containsKey(ar.result())) {
                    pubAcks.put(ar.result(), acked);
                    return;
                }
                early = earlyAcks.remove(ar.result());
            }
            if (early == null) {
                acked.tryComplete();
            } else {
                acked.tryFail(early);
            }
        });
        return acked.future();
    }

    private void ack(int id, String error) {
        Promise<Void> p;
        synchronized (pubAcks) {
            p = pubAcks.remove(id);
            if (p == null) {
                earlyAcks.put(id, error);
            }
        }
        if (p != null) {
            if (error == null) {
                p.tryComplete();
            } else {
                p.tryFail(error);
            }
        }
    }

    private void failAcks() {
        List<Promise<Void>> all;
        synchronized (pubAcks) {
            all = new ArrayList<>(pubAcks.values());
            pubAcks.clear();
            earlyAcks.clear();
        }
        all.forEach(p -> p.tryFail("connection lost"));
    }

    @Override
    public void close() {
        closed = true;
        MqttClient c = client;
        if (c != null && c.isConnected()) {
            c.disconnect();
        }
        vertx.close();
    }
}
