package dev.otalab.imagestore.mqtt;

import dev.otalab.imagestore.config.MqttConfig;
import dev.otalab.imagestore.mapping.OtaSession;
import dev.otalab.imagestore.service.CachedImage;
import dev.otalab.imagestore.service.ImageCache;
import dev.otalab.imagestore.service.SessionResolver;
import dev.otalab.ota.ChunkEncoder;
import dev.otalab.ota.OtaProtocolException;
import dev.otalab.ota.OtaTopics;
import dev.otalab.ota.RequestDataChunk;
import dev.otalab.ota.RequestUpdate;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.smallrye.mutiny.Uni;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Serves {@code Request Update} and {@code Request Data Chunk} (OTA contract, spec §7 and §9).
 *
 * <p>A {@code Request Update} cancels any transfer on the same unique topic at once, then resolves
 * the session (job-service) and the image (cache, else PostgreSQL) and starts a transfer from index
 * 0, in index order, with at most {@code otalab.mqtt.transfer-window} chunks of the transfer awaiting
 * the broker's PUBACK: a new chunk is handed to the {@link ChunkSender} only from a PUBACK callback,
 * so a transfer never runs more than the window ahead of the broker. One chunk at a time left each
 * transfer idle for a whole publish round trip per 4 KiB (see docs/benchmarks.md, bench ota).
 * If a newer request for the topic arrived while resolving, the older one is dropped. A
 * transfer is a few fields; thousands can run at once without a thread each.
 *
 * <p>All transfer state lives on the sender's context; resolution runs on a safe duplicated
 * Vert.x context (marked safe) because Hibernate Reactive needs one.
 */
@Startup // registers its meters at start, before the first request
@ApplicationScoped
public class OtaTransfers {

    private static final Logger LOG = Logger.getLogger(OtaTransfers.class);

    /**
     * One full transfer to one unique topic: at most {@code window} of its chunks await a PUBACK; each
     * PUBACK hands the next chunk to the sender.
     */
    private final class Transfer {
        final String topic;
        final long seq;
        final CachedImage image;
        int next;
        int inFlight;
        int acked;
        boolean cancelled;

        Transfer(String topic, long seq, CachedImage image) {
            this.topic = topic;
            this.seq = seq;
            this.image = image;
        }

        void fill() {
            ChunkEncoder encoder = image.encoder();
            while (!cancelled && inFlight < window && next < encoder.chunkCount()) {
                int index = next++;
                int dataSize = encoder.header(index).dataSize();
                inFlight++;
                sender.send(new ChunkSender.Chunk(topic, encoder.message(index), () -> !cancelled, () -> {
                    metrics.chunkSent(dataSize);
                    inFlight--;
                    acked++;
                    if (!cancelled) {
                        advance();
                    }
                }));
            }
        }

        void advance() {
            ChunkEncoder encoder = image.encoder();
            if (acked >= encoder.chunkCount()) {
                active.remove(topic, this);
                latest.remove(topic, seq);
                metrics.transferCompleted();
                LOG.infof("transfer to %s complete: %s, %d chunks", topic, image.digest(), encoder.chunkCount());
                return;
            }
            fill();
        }
    }

    private final ChunkSender sender;
    private final SessionResolver sessions;
    private final ImageCache images;
    private final OtaMetrics metrics;

    // --- state on the sender's context ---
    private final Map<String, Transfer> active = new HashMap<>();
    /** The newest Request Update per topic (its sequence number), so only the newest one starts. */
    private final Map<String, Long> latest = new HashMap<>();
    private long seq;
    private volatile int activeCount;

    private final int window;

    public OtaTransfers(ChunkSender sender, SessionResolver sessions, ImageCache images, OtaMetrics metrics,
            MeterRegistry registry, MqttConfig config) {
        int window = config.transferWindow();
        if (window < 1) {
            throw new IllegalArgumentException("otalab.mqtt.transfer-window must be at least 1, got " + window);
        }
        this.window = window;
        this.sender = sender;
        this.sessions = sessions;
        this.images = images;
        this.metrics = metrics;
        registry.gauge("otalab.ota.transfers.active", this, t -> t.activeCount);
    }

    /** A device's Request Update arrived on the request topic of {@code topics}. Any thread. */
    public void requestUpdate(OtaTopics topics, RequestUpdate request) {
        String topic = request.uniqueTopicName();
        if (!checkTopic(topics, topic, RequestUpdate.MESSAGE)) {
            return;
        }
        sender.run(() -> {
            long mine = ++seq;
            latest.put(topic, mine);
            cancel(topic, "a new Request Update");
            sessions.forget(topic);
            resolve(topics, topic, request.identity().serialNumber(), false, image -> {
                if (!Long.valueOf(mine).equals(latest.get(topic))) {
                    LOG.debugf("Request Update %d for %s superseded by a newer one", mine, topic);
                    return;
                }
                cancel(topic, "a newer Request Update"); // defensive: nothing should be running
                Transfer t = new Transfer(topic, mine, image);
                active.put(topic, t);
                activeCount = active.size();
                metrics.transferStarted();
                LOG.infof("transfer to %s: image %s version %s, %d bytes in %d chunks", topic, image.digest(),
                        image.version(), image.size(), image.encoder().chunkCount());
                t.advance();
            }, () -> latest.remove(topic, mine));
        });
    }

    /** A device's Request Data Chunk: exactly one chunk answers it. Any thread. */
    public void requestDataChunk(OtaTopics topics, RequestDataChunk request) {
        String topic = request.uniqueTopicName();
        if (!checkTopic(topics, topic, RequestDataChunk.MESSAGE)) {
            return;
        }
        sender.run(() -> resolve(topics, topic, request.identity().serialNumber(), true, image -> {
            byte[] message;
            try {
                message = image.encoder().messageFor(request);
            } catch (OtaProtocolException e) {
                LOG.warnf("Request Data Chunk on %s dropped: %s", topic, e.getMessage());
                return;
            }
            int dataSize = message.length - dev.otalab.ota.ChunkHeader.SIZE;
            sender.send(new ChunkSender.Chunk(topic, message, () -> true, () -> {
                metrics.chunkSent(dataSize);
            }));
        }, () -> { }));
    }

    /** Transfers currently running. */
    public int activeTransfers() {
        return activeCount;
    }

    private boolean checkTopic(OtaTopics topics, String topic, String what) {
        if (!topics.isUniqueTopic(topic)) {
            LOG.warnf("%s dropped: UniqueTopicName '%s' is not a unique topic of %s/<n>", what,
                    printable(topic), topics.appTopic());
            metrics.request("bad-topic");
            return false;
        }
        return true;
    }

    private void cancel(String topic, String why) {
        Transfer old = active.remove(topic);
        if (old != null) {
            old.cancelled = true;
            activeCount = active.size();
            metrics.transferCancelled();
            LOG.infof("transfer to %s cancelled at chunk %d of %d: %s", topic, old.next,
                    old.image.encoder().chunkCount(), why);
        }
    }

    /**
     * Session, then image; {@code then} runs on the sender's context with the image, {@code otherwise}
     * when the request is dropped (reason logged). Call on the sender's context.
     */
    private void resolve(OtaTopics topics, String topic, String serialNumber, boolean cachedSession,
            Consumer<CachedImage> then, Runnable otherwise) {
        // Hibernate Reactive needs a duplicated context that Quarkus marked safe; make one per lookup.
        Context lookupContext = VertxContext.createNewDuplicatedContext(Vertx.currentContext());
        VertxContextSafetyToggle.setContextSafe(lookupContext, true);
        lookupContext.runOnContext(v -> lookup(topics, topic, serialNumber, cachedSession).subscribe().with(
                outcome -> sender.run(() -> {
                    if (outcome.image != null) {
                        try {
                            then.accept(outcome.image);
                        } catch (RuntimeException e) {
                            LOG.errorf(e, "request on %s failed", topic);
                            otherwise.run();
                        }
                    } else {
                        LOG.warnf("request on %s dropped: %s", topic, outcome.why);
                        otherwise.run();
                    }
                }),
                failure -> sender.run(() -> {
                    LOG.warnf("request on %s dropped: %s", topic, failure.toString());
                    otherwise.run();
                })));
    }

    private record Outcome(CachedImage image, String why) {
    }

    private Uni<Outcome> lookup(OtaTopics topics, String topic, String serialNumber, boolean cachedSession) {
        Uni<Optional<OtaSession>> session = cachedSession ? sessions.resolveCached(topic, serialNumber)
                : sessions.resolve(topic, serialNumber);
        return session.flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(new Outcome(null, "no OTA session (unknown or expired)"));
            }
            OtaSession s = found.get();
            if (s.board() != null && !s.board().equals(topics.board())) {
                return Uni.createFrom().item(new Outcome(null, "the session is for board " + s.board()
                        + ", the request came from " + topics.board()));
            }
            String digest = s.imageDigest().toLowerCase();
            return images.get(digest).map(image -> {
                if (image == null) {
                    return new Outcome(null, "the session names image " + digest + ", which is not stored");
                }
                if (s.version() != null && !s.version().equals(image.version().toString())) {
                    LOG.warnf("session %s says version %s; image %s is %s, which the chunk headers carry", topic,
                            s.version(), digest, image.version());
                }
                return new Outcome(image, null);
            });
        });
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.substring(0, Math.min(s.length(), 120)).toCharArray()) {
            b.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return b.toString();
    }
}
