package dev.otalab.jobs.mqtt;

import dev.otalab.jobs.config.JobsConfig;
import dev.otalab.jobs.config.MqttConfig;
import dev.otalab.jobs.config.OtaConfig;
import dev.otalab.jobs.service.CheckGate;
import dev.otalab.jobs.service.DeviceChecks;
import dev.otalab.jobs.service.JobDocuments;
import dev.otalab.jobs.service.SafeContexts;
import dev.otalab.ota.DeviceIdentity;
import dev.otalab.ota.DeviceMessage;
import dev.otalab.ota.DeviceMessageParser;
import dev.otalab.ota.JobDocument;
import dev.otalab.ota.OtaProtocolException;
import dev.otalab.ota.OtaTopics;
import dev.otalab.ota.RequestDataChunk;
import dev.otalab.ota.RequestUpdate;
import dev.otalab.ota.ResultMessage;
import dev.otalab.ota.UpdateAvailability;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The devices' requests, from the shared subscription {@code $share/<group>/<prepend>/+/publish_notify}.
 * Every message is handled to the end and acknowledged, whatever it contains: malformed, oversized
 * or unknown payloads, foreign topics and other services' messages are logged and dropped; a
 * failure while handling one message (database, broker) is logged and does not stop the stream.
 *
 * <ul>
 *   <li>{@code Update Availability}: recorded and decided ({@link DeviceChecks}), then answered on
 *       the device's {@code UniqueTopicName} with {@code Update Available} or
 *       {@code No Update Available}, QoS 1.</li>
 *   <li>{@code Success} / {@code Failure}: recorded against the session of the unique topic.</li>
 *   <li>{@code Request Update}, {@code Request Data Chunk}: image-store's; ignored.</li>
 * </ul>
 *
 * The consumer never blocks the connector's stream: bad input is refused at once, and the
 * database and publishing work of a usable message runs in the background, at most
 * {@code otalab.jobs.max-concurrent-checks} at a time (each within {@link #HANDLING_LIMIT}), of which
 * at most {@code otalab.jobs.max-check-transactions} hold a database transaction ({@link CheckGate}). A
 * message beyond that is dropped and counted as {@code overloaded}; the device asks again at its
 * next check. Replicas share the load through the broker.
 */
@ApplicationScoped
public class DeviceRequestConsumer {

    private static final Logger LOG = Logger.getLogger(DeviceRequestConsumer.class);
    static final Duration HANDLING_LIMIT = Duration.ofSeconds(20);
    /** Longest identity field kept (columns are 255; the device's own buffers are far smaller). */
    static final int MAX_IDENTITY_FIELD = 255;

    private final DeviceChecks checks;
    private final AnswerPublisher publisher;
    private final SafeContexts contexts;
    private final CheckGate gate;
    private final OtaConfig ota;
    private final MeterRegistry meters;
    private final int maxInFlight;
    private final Semaphore inFlight;

    public DeviceRequestConsumer(DeviceChecks checks, AnswerPublisher publisher, SafeContexts contexts,
            CheckGate gate, OtaConfig ota, MqttConfig mqtt, JobsConfig jobs, MeterRegistry meters) {
        this.checks = checks;
        this.publisher = publisher;
        this.contexts = contexts;
        this.gate = gate;
        this.ota = ota;
        this.meters = meters;
        this.maxInFlight = jobs.maxConcurrentChecks();
        this.inFlight = new Semaphore(maxInFlight);
        LOG.infof("listening on $share/%s/%s", mqtt.shareGroup(), OtaTopics.requestTopicFilter(ota.topicPrepend()));
    }

    @Incoming("device-requests")
    public Uni<Void> consume(Message<byte[]> message) {
        String topic = message.getMetadata(ReceivingMqttMessageMetadata.class)
                .map(ReceivingMqttMessageMetadata::getTopic).orElse(null);
        try {
            Uni<Void> work = handle(topic, message.getPayload());
            if (work != null) {
                if (!inFlight.tryAcquire()) {
                    drop("overloaded", "message on %s dropped: %d checks already in progress", topic, maxInFlight);
                } else {
                    work.ifNoItem().after(HANDLING_LIMIT).fail()
                            .onTermination().invoke(inFlight::release)
                            .subscribe().with(ignored -> { }, e -> {
                                LOG.errorf(e, "handling a message on %s failed; dropped", topic);
                                count("failed");
                            });
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "handling a message on %s failed; dropped", topic);
            count("failed");
        }
        return Uni.createFrom().completionStage(message.ack());
    }

    /**
     * Checks one message from {@code topic} at once and returns the database and publishing work it
     * needs, or null when it is dropped or not ours. The work never fails for bad input, only for
     * infrastructure trouble (database, broker).
     */
    Uni<Void> handle(String topic, byte[] payload) {
        OtaTopics topics;
        try {
            topics = OtaTopics.fromRequestTopic(topic);
        } catch (OtaProtocolException e) {
            return drop("foreign_topic", "message on %s dropped: %s", topic, e.getMessage());
        }
        if (!topics.prepend().equals(ota.topicPrepend())) {
            return drop("foreign_topic", "message on %s dropped: prepend is not %s", topic, ota.topicPrepend());
        }
        DeviceMessage parsed;
        try {
            parsed = DeviceMessageParser.parse(payload);
        } catch (OtaProtocolException e) {
            String type = e.kind() == OtaProtocolException.Kind.UNSUPPORTED_MESSAGE ? "unsupported" : "malformed";
            return drop(type, "message on %s dropped (%d bytes): %s", topic, payload == null ? 0 : payload.length,
                    e.getMessage());
        }
        if (parsed instanceof RequestUpdate || parsed instanceof RequestDataChunk) {
            count("for_image_store");
            return null;
        }
        if (!topics.isUniqueTopic(parsed.uniqueTopicName())) {
            return drop("foreign_topic", "%s on %s dropped: UniqueTopicName %s is not a unique topic of %s",
                    parsed.message(), topic, quote(parsed.uniqueTopicName()), topics.appTopic());
        }
        if (!JobDocuments.isUsableBoard(ota.topicPrepend(), topics.board())) {
            return drop("unusable_board", "%s on %s dropped: board %s cannot have a job", parsed.message(), topic,
                    quote(topics.board()));
        }
        if (parsed instanceof UpdateAvailability request) {
            String bad = badIdentity(request.identity());
            if (bad != null) {
                return drop("malformed", "Update Availability on %s dropped: %s", topic, bad);
            }
            count("update_availability");
            return gate.run(() -> contexts.run(() -> checks.updateAvailability(topics.board(), request)))
                    .chain(checked -> answer(request.uniqueTopicName(), checked.answer(),
                            checked.decision().offers())
                            .invoke(() -> LOG.debugf("%s %s: %s", checked.deviceKey(), checked.decision(),
                                    checked.reason())));
        }
        ResultMessage result = (ResultMessage) parsed;
        count("result");
        return gate.run(() -> contexts.run(() -> checks.result(topics.board(), result)))
                .invoke(r -> LOG.infof("%s on %s recorded%s", result.message(), result.uniqueTopicName(),
                        r.sessionId == null ? " (no session had this topic)" : " for session " + r.sessionId))
                .replaceWithVoid();
    }

    private Uni<Void> answer(String uniqueTopic, JobDocument document, boolean offer) {
        String metric = offer ? "otalab.update.offers" : "otalab.update.no-update-answers";
        return publisher.publish(uniqueTopic, document.toBytes())
                .invoke(() -> meters.counter(metric, "outcome", "acked").increment())
                .onFailure().recoverWithUni(e -> {
                    meters.counter(metric, "outcome", "failed").increment();
                    LOG.warnf("answer %s to %s not published: %s", document.message(), uniqueTopic, e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /** A reason to refuse the identity fields (too long for the registry, or NUL), or null. */
    static String badIdentity(DeviceIdentity id) {
        return Stream.of(id.manufacturer(), id.manufacturerId(), id.productId(), id.serialNumber(), id.boardName())
                .filter(v -> v != null && (v.length() > MAX_IDENTITY_FIELD || v.indexOf('\0') >= 0))
                .findFirst()
                .map(v -> "an identity field is longer than " + MAX_IDENTITY_FIELD + " characters or contains NUL")
                .orElse(null);
    }

    /** Counts and logs a dropped message; returns null (no work). */
    private Uni<Void> drop(String type, String format, Object... args) {
        count(type);
        LOG.warnf(format, args);
        return null;
    }

    private void count(String type) {
        meters.counter("otalab.device.messages", "type", type.toLowerCase(Locale.ROOT)).increment();
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return "'" + (printable.length() > 80 ? printable.substring(0, 80) + "…" : printable) + "'";
    }
}
