package dev.otalab.imagestore.mqtt;

import dev.otalab.ota.DeviceMessage;
import dev.otalab.ota.DeviceMessageParser;
import dev.otalab.ota.OtaProtocolException;
import dev.otalab.ota.OtaTopics;
import dev.otalab.ota.RequestDataChunk;
import dev.otalab.ota.RequestUpdate;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The shared subscription {@code $share/image-store/<prepend>/+/publish_notify}: reads every device
 * request, keeps {@code Request Update} and {@code Request Data Chunk} (job-service answers the
 * others through its own share group) and hands them on. Nothing here blocks or throws: a message
 * that is not a request of ours is logged and acknowledged, so the channel never stops.
 */
@ApplicationScoped
public class RequestListener {

    private static final Logger LOG = Logger.getLogger(RequestListener.class);

    private final OtaTransfers transfers;
    private final OtaMetrics metrics;

    public RequestListener(OtaTransfers transfers, OtaMetrics metrics) {
        this.transfers = transfers;
        this.metrics = metrics;
    }

    @Incoming("ota-requests")
    public CompletionStage<Void> onRequest(Message<byte[]> message) {
        try {
            String topic = message.getMetadata(ReceivingMqttMessageMetadata.class)
                    .map(ReceivingMqttMessageMetadata::getTopic).orElse(null);
            handle(topic, message.getPayload());
        } catch (RuntimeException | StackOverflowError e) {
            metrics.request("error");
            LOG.errorf(e, "request dropped after an unexpected error");
        }
        return message.ack();
    }

    void handle(String topic, byte[] payload) {
        OtaTopics topics;
        try {
            topics = OtaTopics.fromRequestTopic(topic);
        } catch (OtaProtocolException e) {
            metrics.request("bad-topic");
            LOG.warnf("message dropped: %s", e.getMessage());
            return;
        }
        DeviceMessage request;
        try {
            request = DeviceMessageParser.parse(payload);
        } catch (OtaProtocolException e) {
            metrics.request("malformed");
            LOG.warnf("message on %s dropped (%s): %s", topic, e.kind(), e.getMessage());
            return;
        }
        if (request instanceof RequestUpdate update) {
            metrics.request("request-update");
            LOG.debugf("Request Update on %s for %s (device at %s)", topic, update.uniqueTopicName(), update.version());
            transfers.requestUpdate(topics, update);
        } else if (request instanceof RequestDataChunk chunk) {
            metrics.request("request-data-chunk");
            transfers.requestDataChunk(topics, chunk);
        } else {
            metrics.request("not-ours");
            LOG.tracef("%s on %s is job-service's", request.message(), topic);
        }
    }
}
