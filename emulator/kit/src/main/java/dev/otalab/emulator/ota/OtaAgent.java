package dev.otalab.emulator.ota;

import dev.otalab.ota.ChunkReceiver;
import dev.otalab.ota.ConnectionType;
import dev.otalab.ota.DeviceJobRules;
import dev.otalab.ota.OtaProtocolException;
import dev.otalab.ota.OtaTopics;
import dev.otalab.ota.OtaVersion;
import dev.otalab.ota.RequestUpdate;
import dev.otalab.ota.ServerEndpoint;
import dev.otalab.ota.UpdateAvailability;
import io.vertx.mqtt.MqttClientOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Infineon's OTA Agent ({@code ota-update} v4.x as {@code mtb-example-ota-mqtt} configures it: job
 * flow, MQTT, TEST upgrade, no result message, reboot on success) running for one boot of a
 * virtual kit, over real MQTT. See spec infineon-ota-mqtt.md §2, §4–§8 and §10, and the checklist
 * §13; the module README lists the console lines.
 *
 * <h2>Cycle</h2>
 * {@code AGENT_WAITING} (first after {@code initialCheckMs}, then every {@code nextCheckMs}) →
 * {@code START_UPDATE} (new unique topic from the uptime) → {@code JOB_CONNECT} (new connection,
 * subscribe app topic then unique topic, QoS 1) → {@code JOB_DOWNLOAD} (publish {@code Update
 * Availability}; the first publish on any subscribed topic within {@code jobWaitMs} is the job) →
 * {@code JOB_DISCONNECT} → {@code JOB_PARSE} ({@link DeviceJobRules}: malformed, version, board,
 * server) → {@code JOB_REDIRECT} → {@code STORAGE_OPEN} (erase the secondary) → {@code DATA_CONNECT}
 * (new connection, to the job's server if it switched) → {@code DATA_DOWNLOAD} (publish {@code Request
 * Update}; chunks through {@link ChunkReceiver} into the secondary) → {@code DATA_DISCONNECT} →
 * {@code STORAGE_CLOSE} → {@code VERIFY} (pending, TEST) → {@code RESULT_REDIRECT} (result disabled)
 * → {@code OTA_COMPLETE} → reset after {@code rebootDelayMs}. A failed connect goes back to
 * {@code AGENT_WAITING} for {@code retryMs}; a failed download attempt (data timeout, rejected
 * header, lost connection, storage error) is retried from {@code STORAGE_OPEN} up to
 * {@code downloadTries} attempts in all; any other end waits {@code nextCheckMs}.
 *
 * <h2>Execution</h2>
 * No thread of its own: the agent's steps run one at a time on the kit's executor (a serial
 * queue), its timers on the kit's shared scheduler, its connections on the shared
 * {@link OtaNetwork}. MQTT callbacks only enqueue. Flash work goes through {@link OtaDevice} on the
 * kit's emulated CPU. {@link #stop()} (kit reset, power loss, power off) may come from any thread:
 * it drops the connection like a power loss (no DISCONNECT, so the broker publishes the will) and
 * makes every pending timer and callback a no-op.
 */
public final class OtaAgent {

    private static final System.Logger LOG = System.getLogger(OtaAgent.class.getName());
    /** Prefix of the agent's console lines. */
    public static final String TAG = "[OTA] ";

    private final OtaConfig config;
    private final OtaDevice device;
    private final OtaNetwork network;
    private final OtaVersion appVersion;
    private final ScheduledExecutorService scheduler;
    private final SerialExecutor exec;
    private final Clock clock;
    private final OtaStats stats;
    private final OtaTopics topics;
    private final OtaTimers t;
    private final ServerEndpoint home;
    private final ChunkReceiver receiver;
    private final MqttSession.Listener listener = new MqttSession.Listener() {
        @Override
        public void onPublish(MqttSession s, String topic, byte[] payload, Runnable ack) {
            exec.execute(() -> {
                try {
                    onMessage(s, topic, payload);
                } finally {
                    ack.run();
                }
            });
        }

        @Override
        public void onLost(MqttSession s) {
            exec.execute(() -> onConnectionLost(s));
        }
    };

    // observed from any thread; written on exec (and by stop)
    private volatile boolean stopped;
    private volatile OtaState state = OtaState.NOT_INITIALIZED;
    private volatile String uniqueTopic;
    private volatile Instant lastCheck;
    private volatile OtaOutcome lastOutcome = OtaOutcome.NONE;
    private volatile String lastDetail;
    private volatile String offeredVersion;
    private volatile int attempt;
    private volatile long bytesDownloaded;
    private volatile long imageSize;
    private volatile MqttSession session;
    private volatile ScheduledFuture<?> cycleTimer;
    private volatile ScheduledFuture<?> phaseTimer;
    private volatile ScheduledFuture<?> packetTimer;

    // confined to exec
    private volatile int phase; // written on exec only; read by connection admission
    private ServerEndpoint dataServer;
    private boolean writtenSinceErase;
    private int nextQuarter;

    /**
     * @param config the kit's configuration, completed with {@link OtaConfig#forKit}
     * @param device the kit for this boot
     * @param network the shared network stack
     * @param appVersion the running application's version
     * @param scheduler the kit's shared timer service
     * @param executor the kit's executor for CPU work
     * @param clock time of {@link OtaStatus#lastCheck()}
     * @param stats the kit's counters (kept across boots)
     */
    public OtaAgent(OtaConfig config, OtaDevice device, OtaNetwork network, OtaVersion appVersion,
            ScheduledExecutorService scheduler, Executor executor, Clock clock, OtaStats stats) {
        this.config = Objects.requireNonNull(config, "config");
        if (config.board() == null) {
            throw new IllegalArgumentException("config has no board: complete it with OtaConfig.forKit");
        }
        this.device = Objects.requireNonNull(device, "device");
        this.network = Objects.requireNonNull(network, "network");
        this.appVersion = Objects.requireNonNull(appVersion, "appVersion");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.exec = new SerialExecutor(Objects.requireNonNull(executor, "executor"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.topics = new OtaTopics(config.prepend(), config.board());
        this.t = config.timers();
        this.home = config.server();
        this.receiver = new ChunkReceiver(appVersion, this::writeChunk);
    }

    // ------------------------------------------------------------------ control (any thread)

    /** {@code cy_ota_agent_start}: initialises and waits {@code initialCheckMs} for the first check. */
    public void start() {
        exec.execute(() -> {
            if (stopped) {
                return;
            }
            setState(OtaState.INITIALIZING);
            setState(OtaState.AGENT_STARTED);
            println("Agent started for " + config.board() + ", version " + appVersion + "; server "
                    + describe(home) + ", first check in " + t.initialCheckMs() + " ms");
            waitFor(t.initialCheckMs());
        });
    }

    /** "Update now": when the agent is waiting, the next cycle starts at once. */
    public void checkNow() {
        exec.execute(() -> {
            if (!stopped && state == OtaState.AGENT_WAITING) {
                startCycle();
            }
        });
    }

    /**
     * The kit stops (reset, power loss, power off): the connection drops without DISCONNECT,
     * timers are cancelled, nothing pending runs any more. Idempotent; never blocks.
     */
    public void stop() {
        stopped = true;
        state = OtaState.NOT_INITIALIZED;
        cancel(cycleTimer);
        cancel(phaseTimer);
        cancel(packetTimer);
        MqttSession s = session;
        session = null;
        if (s != null) {
            s.abort();
        }
    }

    public boolean stopped() {
        return stopped;
    }

    public OtaState state() {
        return state;
    }

    /** The agent's state, progress and the kit's counters. */
    public OtaStatus status() {
        return new OtaStatus(state, uniqueTopic, lastCheck, lastOutcome, lastDetail, offeredVersion, attempt,
                bytesDownloaded, imageSize, stats.snapshot());
    }

    // ------------------------------------------------------------------ job phase (exec)

    private void startCycle() {
        int p = ++phase;
        cancel(cycleTimer);
        setState(OtaState.START_UPDATE);
        uniqueTopic = topics.uniqueTopicForTick(device.uptimeMillis());
        lastCheck = clock.instant();
        offeredVersion = null;
        attempt = 0;
        bytesDownloaded = 0;
        imageSize = 0;
        stats.checks.incrementAndGet();
        setState(OtaState.JOB_CONNECT);
        println("Checking for an update: connecting to " + describe(home) + " for the job");
        connect(home, p, 1, s -> jobConnected(p, s), e -> connectFailed("job", e));
    }

    private void jobConnected(int p, MqttSession s) {
        when(s.subscribe(topics.appTopic()).thenCompose(v -> s.subscribe(uniqueTopic)), p, (v, e) -> {
            if (e != null) {
                dropSession();
                connectFailed("job", e);
                return;
            }
            int q = ++phase;
            setState(OtaState.JOB_DOWNLOAD);
            phaseTimer = after(q, t.jobWaitMs(), () -> endJobWait(null,
                    "no job document within " + t.jobWaitMs() + " ms"));
            byte[] request;
            try {
                request = new UpdateAvailability(config.identity(), appVersion, uniqueTopic).toDeviceBytes();
            } catch (OtaProtocolException ex) { // the device's sprintf buffer is too small: nothing is sent
                endJobWait(null, "Update Availability not sent: " + ex.getMessage());
                return;
            }
            println("Sent Update Availability (version " + appVersion + ") to " + topics.requestTopic()
                    + "; waiting for the job on " + uniqueTopic);
            when(s.publish(topics.requestTopic(), request), q, (ok, err) -> {
                if (err != null) {
                    endJobWait(null, "Update Availability not acknowledged: " + message(err));
                }
            });
        });
    }

    /** The job wait ends: {@code payload} is the job document, or null with the reason there is none. */
    private void endJobWait(byte[] payload, String noJobReason) {
        int p = ++phase;
        cancel(phaseTimer);
        setState(OtaState.JOB_DISCONNECT);
        when(closeSession(), p, (v, e) -> {
            if (payload == null) {
                stats.noJob.incrementAndGet();
                println("No update: " + noJobReason);
                finish(OtaOutcome.NO_JOB, noJobReason);
                return;
            }
            stats.jobsReceived.incrementAndGet();
            parseJob(payload);
        });
    }

    private void parseJob(byte[] payload) {
        setState(OtaState.JOB_PARSE);
        println("Job document: " + printable(payload));
        DeviceJobRules.Verdict v = DeviceJobRules.evaluate(payload, appVersion, config.board(), home);
        if (!v.outcome().accepted()) {
            stats.jobsRejected.incrementAndGet();
            println("Job rejected: " + v.reason());
            finish(switch (v.outcome()) {
                case MALFORMED -> OtaOutcome.MALFORMED_JOB;
                case VERSION_NOT_NEWER -> OtaOutcome.VERSION_NOT_NEWER;
                default -> OtaOutcome.WRONG_BOARD;
            }, v.reason());
            return;
        }
        setState(OtaState.JOB_REDIRECT);
        offeredVersion = v.job().version().toString();
        dataServer = v.dataServer();
        if (dataServer.type() != ConnectionType.MQTT) {
            String why = "the job asks for " + dataServer + "; the emulated agent downloads over MQTT only";
            println("Job rejected: " + why);
            stats.jobsRejected.incrementAndGet();
            finish(OtaOutcome.DOWNLOAD_FAILED, why);
            return;
        }
        stats.downloads.incrementAndGet();
        println("Update to " + offeredVersion + " accepted (" + v.reason() + ")");
        attempt = 0;
        writtenSinceErase = true;
        storageOpen();
    }

    // ------------------------------------------------------------------ data phase (exec)

    private void storageOpen() {
        int p = ++phase;
        attempt++;
        setState(OtaState.STORAGE_OPEN);
        if (writtenSinceErase) {
            println("Erasing the secondary slot");
            try {
                if (!device.eraseSecondary()) {
                    return; // the kit went away
                }
            } catch (RuntimeException e) {
                println("Storage open failed: " + message(e));
                finish(OtaOutcome.DOWNLOAD_FAILED, "storage open failed: " + message(e));
                return;
            }
            writtenSinceErase = false;
        }
        receiver.startAttempt();
        bytesDownloaded = 0;
        imageSize = 0;
        nextQuarter = 1;
        setState(OtaState.DATA_CONNECT);
        println("Connecting to " + describe(dataServer) + " for the data");
        connect(dataServer, p, 1, s -> dataConnected(p, s), e -> connectFailed("data", e));
    }

    private void dataConnected(int p, MqttSession s) {
        when(s.subscribe(topics.appTopic()).thenCompose(v -> s.subscribe(uniqueTopic)), p, (v, e) -> {
            if (e != null) {
                attemptFailed("subscribe failed: " + message(e), true);
                return;
            }
            int q = ++phase;
            setState(OtaState.DATA_DOWNLOAD);
            phaseTimer = after(q, t.dataTimeoutMs(), () -> attemptFailed(
                    "image not complete within " + t.dataTimeoutMs() + " ms", true));
            armPacketTimer(q);
            byte[] request;
            try {
                request = new RequestUpdate(config.identity(), appVersion, uniqueTopic).toDeviceBytes();
            } catch (OtaProtocolException ex) {
                attemptFailed("Request Update not sent: " + ex.getMessage(), true);
                return;
            }
            println("Sent Request Update, download attempt " + attempt + " of " + t.downloadTries());
            when(s.publish(topics.requestTopic(), request), q, (ok, err) -> {
                if (err != null) {
                    attemptFailed("Request Update not acknowledged: " + message(err), true);
                }
            });
        });
    }

    private void onChunk(byte[] payload) {
        long before = receiver.bytesWritten();
        ChunkReceiver.Result r;
        try {
            r = receiver.receive(payload);
        } catch (DeviceGone g) {
            return;
        } catch (RuntimeException e) {
            stats.chunksRejected.incrementAndGet();
            attemptFailed("storage write failed: " + message(e), true);
            return;
        }
        long written = receiver.bytesWritten() - before;
        bytesDownloaded = receiver.bytesWritten();
        imageSize = receiver.imageSize();
        String detail = r.detail() == null ? "" : r.detail();
        int index = r.header() == null ? -1 : r.header().thisPayloadIndex();
        switch (r.outcome()) {
            case REJECTED_HEADER -> {
                stats.chunksRejected.incrementAndGet();
                attemptFailed("chunk rejected: " + detail, true);
                return;
            }
            case VERSION_TOO_OLD -> {
                stats.chunksRejected.incrementAndGet();
                attemptFailed(detail, false);
                return;
            }
            default -> { }
        }
        if (r.outcome() == ChunkReceiver.Outcome.DUPLICATE || detail.startsWith("duplicate")) {
            stats.chunksDuplicate.incrementAndGet();
            println("Chunk " + index + " is a duplicate, not written");
        } else {
            stats.chunksWritten.incrementAndGet();
            stats.bytesWritten.addAndGet(written);
        }
        if (detail.contains("out of order")) {
            println("Chunk " + index + " out of order, written at " + r.header().imageOffset());
        }
        if (imageSize > 0) {
            while (nextQuarter < 4 && bytesDownloaded * 4 >= imageSize * nextQuarter) {
                println("Downloaded " + (nextQuarter * 25) + "% (" + bytesDownloaded + " of " + imageSize + " bytes)");
                nextQuarter++;
            }
        }
        if (r.outcome() == ChunkReceiver.Outcome.COMPLETE) {
            dataComplete();
        } else {
            armPacketTimer(phase);
        }
    }

    private void writeChunk(long offset, byte[] data) {
        writtenSinceErase = true;
        if (!device.writeSecondary(offset, data)) {
            throw DeviceGone.INSTANCE;
        }
    }

    private void attemptFailed(String reason, boolean retry) {
        int p = ++phase;
        cancel(phaseTimer);
        cancel(packetTimer);
        stats.attemptsFailed.incrementAndGet();
        println("Download attempt " + attempt + " of " + t.downloadTries() + " failed: " + reason);
        setState(OtaState.DATA_DISCONNECT);
        when(closeSession(), p, (v, e) -> {
            if (retry && attempt < t.downloadTries()) {
                storageOpen();
            } else {
                println("Download failed: " + (retry ? "no attempt left" : "no retry"));
                finish(retry ? OtaOutcome.DOWNLOAD_FAILED : OtaOutcome.CHUNK_VERSION_NOT_NEWER, reason);
            }
        });
    }

    private void dataComplete() {
        int p = ++phase;
        cancel(phaseTimer);
        cancel(packetTimer);
        println("Download complete: " + bytesDownloaded + " bytes");
        setState(OtaState.DATA_DISCONNECT);
        when(closeSession(), p, (v, e) -> {
            setState(OtaState.STORAGE_CLOSE);
            setState(OtaState.VERIFY);
            try {
                if (!device.setPending()) {
                    return;
                }
            } catch (RuntimeException ex) {
                println("Marking the update pending failed: " + message(ex));
                finish(OtaOutcome.DOWNLOAD_FAILED, "set pending failed: " + message(ex));
                return;
            }
            stats.updatesPending.incrementAndGet();
            setState(OtaState.RESULT_REDIRECT); // do_not_send_result = 1 (CE): straight on
            setState(OtaState.OTA_COMPLETE);
            lastOutcome = OtaOutcome.UPDATE_PENDING;
            lastDetail = "version " + offeredVersion + " pending (test swap)";
            println("Update " + offeredVersion + " marked pending for MCUboot (test); rebooting in "
                    + t.rebootDelayMs() + " ms");
            cycleTimer = after(p, t.rebootDelayMs(), device::reset);
        });
    }

    // ------------------------------------------------------------------ ends of a cycle (exec)

    private void finish(OtaOutcome outcome, String detail) {
        setState(OtaState.OTA_COMPLETE);
        lastOutcome = outcome;
        lastDetail = detail;
        waitFor(t.nextCheckMs());
    }

    private void connectFailed(String purpose, Throwable e) {
        stats.connectFailures.incrementAndGet();
        lastOutcome = OtaOutcome.CONNECT_FAILED;
        lastDetail = "cannot connect for the " + purpose + ": " + message(e);
        println("Connect for the " + purpose + " failed: " + message(e) + "; retry in " + t.retryMs() + " ms");
        waitFor(t.retryMs());
    }

    private void waitFor(long ms) {
        int p = ++phase;
        setState(OtaState.AGENT_WAITING);
        cycleTimer = after(p, ms, this::startCycle);
    }

    // ------------------------------------------------------------------ MQTT events (exec)

    private void onMessage(MqttSession s, String topic, byte[] payload) {
        if (stopped || s != session) {
            return; // a connection the agent already left
        }
        switch (state) {
            case JOB_DOWNLOAD -> endJobWait(payload, null);
            case DATA_DOWNLOAD -> onChunk(payload);
            default -> LOG.log(System.Logger.Level.DEBUG, () -> "dropped a publish on " + topic + " in " + state);
        }
    }

    private void onConnectionLost(MqttSession s) {
        if (stopped || s != session) {
            return;
        }
        switch (state) {
            case JOB_DOWNLOAD -> endJobWait(null, "connection lost while waiting for the job");
            case DATA_DOWNLOAD -> attemptFailed("connection lost", true);
            default -> { } // an operation in flight fails and handles it
        }
    }

    // ------------------------------------------------------------------ helpers (exec)

    /** Connects for a phase, trying {@code connectRetries} times; continues on exec while {@code p} is current. */
    private void connect(ServerEndpoint server, int p, int tryNo, Consumer<MqttSession> ok, Consumer<Throwable> fail) {
        CompletableFuture<MqttSession> f;
        try {
            MqttClientOptions o = network.clientOptions(config, server, config.clientId(device.uptimeMillis()));
            f = MqttSession.connect(network, o, server, t.ackTimeoutMs(), listener, () -> stopped || p != phase);
        } catch (RuntimeException e) {
            fail.accept(e);
            return;
        }
        f.whenCompleteAsync((s, e) -> {
            if (stopped || p != phase) {
                if (s != null) {
                    s.abort();
                }
                return;
            }
            if (e == null) {
                session = s;
                if (stopped) { // stop() ran between the check and the assignment
                    s.abort();
                    return;
                }
                guarded(() -> ok.accept(s));
            } else if (tryNo < t.connectRetries()) {
                cycleTimer = after(p, t.connectRetryDelayMs(), () -> connect(server, p, tryNo + 1, ok, fail));
            } else {
                guarded(() -> fail.accept(unwrap(e)));
            }
        }, exec);
    }

    /** UNSUBSCRIBE both topics and DISCONNECT (each bounded by the ack timeout); never fails. */
    private CompletableFuture<Void> closeSession() {
        MqttSession s = session;
        session = null;
        if (s == null) {
            return CompletableFuture.completedFuture(null);
        }
        return s.unsubscribe(List.of(topics.appTopic(), uniqueTopic))
                .handle((v, e) -> null)
                .thenCompose(v -> s.disconnect());
    }

    private void dropSession() {
        MqttSession s = session;
        session = null;
        if (s != null) {
            s.disconnect();
        }
    }

    private void armPacketTimer(int p) {
        cancel(packetTimer);
        if (t.packetIntervalMs() > 0) {
            packetTimer = after(p, t.packetIntervalMs(), () -> attemptFailed(
                    "no chunk within " + t.packetIntervalMs() + " ms", true));
        }
    }

    /** Continues with {@code k} on exec when {@code f} completes, unless the agent moved on from phase {@code p}. */
    private <T> void when(CompletableFuture<T> f, int p, BiConsumer<T, Throwable> k) {
        f.whenCompleteAsync((v, e) -> {
            if (!stopped && p == phase) {
                guarded(() -> k.accept(v, e == null ? null : unwrap(e)));
            }
        }, exec);
    }

    /** Runs a step; a bug in it is logged (a CompletableFuture would swallow it) and the agent waits for its next check. */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "OTA agent step failed in " + state, e);
            dropSession();
            lastOutcome = OtaOutcome.DOWNLOAD_FAILED;
            lastDetail = "agent error: " + message(e);
            waitFor(t.nextCheckMs());
        }
    }

    /** Runs {@code task} on exec after {@code ms}, unless the agent moved on from phase {@code p}. */
    private ScheduledFuture<?> after(int p, long ms, Runnable task) {
        if (stopped) {
            return null;
        }
        return scheduler.schedule(() -> exec.execute(() -> {
            if (!stopped && p == phase) {
                task.run();
            }
        }), ms, TimeUnit.MILLISECONDS);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private void setState(OtaState s) {
        if (!stopped) {
            state = s;
        }
    }

    private void println(String text) {
        if (!stopped) {
            device.print(TAG + text + "\r\n");
        }
    }

    private String describe(ServerEndpoint server) {
        return server.host() + ":" + server.port() + (config.tlsFor(server) ? " (TLS)" : "");
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String message(Throwable e) {
        Throwable u = unwrap(e);
        String m = u.getMessage();
        return m == null || m.isBlank() ? u.getClass().getSimpleName() : m.replaceAll("[\\r\\n]+", " ");
    }

    /** The payload as one console line: printable ASCII kept, anything else as {@code \xNN}, at most 1024 bytes. */
    static String printable(byte[] payload) {
        StringBuilder b = new StringBuilder(Math.min(payload.length, 1024) + 16);
        for (int i = 0; i < payload.length && i < 1024; i++) {
            int c = payload[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F) {
                b.append((char) c);
            } else {
                b.append(String.format("\\x%02X", c));
            }
        }
        if (payload.length > 1024) {
            b.append("... (").append(payload.length).append(" bytes)");
        }
        return b.toString();
    }

    /** The kit went away inside a storage call. */
    private static final class DeviceGone extends RuntimeException {
        static final DeviceGone INSTANCE = new DeviceGone();

        private DeviceGone() {
            super("device gone", null, false, false);
        }
    }
}
