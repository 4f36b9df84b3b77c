package dev.otalab.imagestore.mqtt;

import dev.otalab.imagestore.config.MqttConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.mqtt.session.MqttClientSessionOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.UUID;

/**
 * One place that turns {@code otalab.mqtt.*} into MQTT client options, for the incoming request
 * channel (the connector reads the bean named {@value #REQUESTS_OPTIONS} through
 * {@code mp.messaging.incoming.ota-requests.client-options-name}) and for the chunk sender. TLS
 * checks the broker certificate against the configured CA and the host name / IP SAN; a client
 * certificate is presented when both {@code client-cert} and {@code client-key} are set (8884).
 */
@ApplicationScoped
public class MqttOptionsFactory {

    public static final String REQUESTS_OPTIONS = "otalab-mqtt-requests";

    private final MqttConfig config;

    public MqttOptionsFactory(MqttConfig config) {
        this.config = config;
    }

    @Produces
    @Identifier(REQUESTS_OPTIONS)
    MqttClientSessionOptions requestOptions() {
        MqttClientSessionOptions options = new MqttClientSessionOptions();
        options.setHostname(config.host());
        options.setPort(config.port());
        options.setClientId("image-store-req-" + shortId());
        apply(options);
        return options;
    }

    /** Options of the chunk sender's connection. */
    public MqttClientOptions senderOptions() {
        MqttClientOptions options = new MqttClientOptions();
        options.setClientId("image-store-tx-" + shortId());
        options.setCleanSession(true);
        options.setKeepAliveInterval(30);
        options.setConnectTimeout(5000);
        options.setAckTimeout((int) Math.max(1, config.ackTimeout().toSeconds()));
        // Our own window (otalab.mqtt.max-in-flight) is enforced before publishing; this is a backstop.
        options.setMaxInflightQueue(config.maxInFlight() + 16);
        options.setAutoKeepAlive(true);
        apply(options);
        return options;
    }

    private void apply(MqttClientOptions options) {
        if (!config.ssl()) {
            return;
        }
        options.setSsl(true);
        options.setHostnameVerificationAlgorithm("HTTPS");
        config.caFile().ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertPath(ca)));
        if (config.clientCert().isPresent() && config.clientKey().isPresent()) {
            options.setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(config.clientCert().get()).setKeyPath(config.clientKey().get()));
        }
    }

    public String endpoint() {
        return (config.ssl() ? "mqtts://" : "mqtt://") + config.host() + ":" + config.port();
    }

    public MqttConfig config() {
        return config;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
