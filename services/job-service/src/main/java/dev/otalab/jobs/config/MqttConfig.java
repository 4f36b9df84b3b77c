package dev.otalab.jobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code otalab.mqtt.*}: the broker. The incoming channel's {@code mp.messaging} properties refer to
 * these, and {@link dev.otalab.jobs.mqtt.AnswerPublisher} builds its client from them, so both
 * connections always go to the same broker with the same credentials.
 */
@ConfigMapping(prefix = "otalab.mqtt")
public interface MqttConfig {

    String host();

    int port();

    @WithDefault("true")
    boolean tls();

    /** PEM trust anchor for the broker certificate. */
    Optional<String> caFile();

    /** PEM client certificate (mutual TLS); with {@link #keyFile()}. */
    Optional<String> certFile();

    /** PEM private key of {@link #certFile()}. */
    Optional<String> keyFile();

    /** {@code HTTPS} checks the broker's name against its certificate; {@code NONE} does not. */
    @WithDefault("HTTPS")
    String hostnameVerification();

    /** Group of the shared subscription. */
    @WithDefault("job-service")
    String shareGroup();

    /** Time the broker has to acknowledge an answer. */
    @WithDefault("5S")
    Duration publishTimeout();
}
