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
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The OTA servers' side played over the real broker with {@code services/ota-protocol}, standing in
 * for job-service and image-store: answers {@code Update Availability} with the job offered for the
 * request topic's board, and {@code Request Update} with every chunk of that image, QoS 1, in index
 * order (the test images are a few chunks: no pacing needed). Connects with mutual TLS as {@code otalab-service} (the deploy ACL's server role).
 */
public final class OtaPeer implements AutoCloseable {

    /** What is offered to one board string. */
    private record Offer(OtaVersion version, byte[] image) {
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setUseDaemonThread(true));
    private final Map<String, Offer> offers = new ConcurrentHashMap<>();
    private final List<DeviceMessage> requests = Collections.synchronizedList(new ArrayList<>());
    private final MqttClient client;

    public OtaPeer(MosquittoBroker broker) throws Exception {
        MqttClientOptions o = new MqttClientOptions()
                .setClientId("OTASend" + System.nanoTime() % 1_000_000_000L)
                .setCleanSession(true)
                .setMaxInflightQueue(100)
                .setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(broker.caCertificate().toString()))
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(broker.clientCertificate(MosquittoBroker.SERVICE_CLIENT).toString())
                        .setKeyPath(broker.clientKey(MosquittoBroker.SERVICE_CLIENT).toString()))
                .setHostnameVerificationAlgorithm("HTTPS");
        client = MqttClient.create(vertx, o);
        client.publishHandler(m -> onPublish(m.topicName(), m.payload().getBytes()));
        client.connect(broker.mutualTlsPort(), broker.host())
                .compose(ack -> client.subscribe(OtaTopics.requestTopicFilter(OtaTopics.CE_PREPEND), 1))
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** Offer {@code image} as {@code version} to every device of {@code board}. */
    public void offer(String board, OtaVersion version, byte[] image) {
        offers.put(board, new Offer(version, image));
    }

    /** The device messages seen so far. */
    public List<DeviceMessage> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    private void onPublish(String topic, byte[] payload) {
        DeviceMessage m;
        try {
            m = DeviceMessageParser.parse(payload);
        } catch (OtaProtocolException e) {
            return; // dropped, as the services do
        }
        requests.add(m);
        String board = topic.split("/")[1];
        Offer offer = offers.get(board);
        if (offer == null) {
            return; // no answer: the device waits its job timeout
        }
        if (m instanceof UpdateAvailability ua) {
            JobDocument job = JobDocument.updateAvailable().board(board).version(offer.version()).broker("").port("")
                    .build();
            publish(ua.uniqueTopicName(), job.withUniqueTopicName(ua.uniqueTopicName()).toBytes());
        } else if (m instanceof RequestUpdate ru) {
            new ChunkEncoder(offer.image(), offer.version()).messages()
                    .forEachRemaining(chunk -> publish(ru.uniqueTopicName(), chunk));
        }
    }

    private Future<Integer> publish(String topic, byte[] payload) {
        return client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false);
    }

    @Override
    public void close() {
        if (client.isConnected()) {
            client.disconnect();
        }
        vertx.close();
    }
}
