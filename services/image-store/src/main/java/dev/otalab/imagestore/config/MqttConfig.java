package dev.otalab.imagestore.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code otalab.mqtt.*}: the broker of the OTA data plane, shared by the incoming request channel
 * and the chunk sender.
 */
@ConfigMapping(prefix = "otalab.mqtt")
public interface MqttConfig {

    @WithDefault("127.0.0.1")
    String host();

    @WithDefault("8884")
    int port();

    /** TLS on; the broker certificate is checked against {@link #caFile()} and its host name/IP SAN. */
    @WithDefault("true")
    boolean ssl();

    /** PEM CA certificate(s) trusted for the broker; without it the JVM's default trust store. */
    Optional<String> caFile();

    /** PEM client certificate (mutual TLS, port 8884); used together with {@link #clientKey()}. */
    Optional<String> clientCert();

    /** PEM (PKCS#8) key of {@link #clientCert()}. */
    Optional<String> clientKey();

    /** A chunk not acknowledged within this time is sent again (same index; the device drops duplicates). */
    @WithDefault("10s")
    Duration ackTimeout();

    /** Chunks awaiting PUBACK over all transfers; further chunks wait in a queue (no thread waits). */
    @WithDefault("512")
    int maxInFlight();

    /**
     * Chunks of one transfer awaiting PUBACK at once (at least 1): a transfer is never more than this
     * ahead of the broker's acknowledgements; {@link #maxInFlight()} still bounds all transfers together.
     */
    @WithDefault("8")
    int transferWindow();

    /** Delay before reconnecting the chunk sender after the broker went away. */
    @WithDefault("1s")
    Duration reconnectDelay();
}
