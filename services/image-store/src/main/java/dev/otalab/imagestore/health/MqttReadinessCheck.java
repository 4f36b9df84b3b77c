package dev.otalab.imagestore.health;

import dev.otalab.imagestore.mqtt.ChunkSender;
import dev.otalab.imagestore.mqtt.MqttOptionsFactory;
import dev.otalab.imagestore.mqtt.OtaTransfers;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The chunk sender's broker connection. (The incoming request channel reports itself through the
 * messaging health check, {@code smallrye-reactive-messaging}; the database through the datasource checks.)
 */
@Readiness
@ApplicationScoped
public class MqttReadinessCheck implements HealthCheck {

    private final ChunkSender sender;
    private final OtaTransfers transfers;
    private final MqttOptionsFactory options;

    public MqttReadinessCheck(ChunkSender sender, OtaTransfers transfers, MqttOptionsFactory options) {
        this.sender = sender;
        this.transfers = transfers;
        this.options = options;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("mqtt-chunk-sender")
                .withData("broker", options.endpoint())
                .withData("activeTransfers", transfers.activeTransfers())
                .withData("queuedChunks", sender.queued());
        if (sender.isConnected()) {
            b.up();
        } else {
            b.down().withData("problem", String.valueOf(sender.lastError()));
        }
        return b.build();
    }
}
