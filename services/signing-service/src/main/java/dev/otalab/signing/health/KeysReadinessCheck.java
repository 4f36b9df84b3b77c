package dev.otalab.signing.health;

import dev.otalab.signing.service.KeyRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only with at least one key (DOWN is for no usable key at all). Unreadable key files are
 * named by id; the reasons are in the start-up log.
 */
@Readiness
@ApplicationScoped
public class KeysReadinessCheck implements HealthCheck {

    private final KeyRegistry keys;

    public KeysReadinessCheck(KeyRegistry keys) {
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("signing-keys");
        keys.problem().ifPresentOrElse(p -> b.down().withData("problem", p), () -> b.up()
                .withData("keys", keys.all().size()));
        if (!keys.unavailable().isEmpty()) {
            b.withData("unavailable", String.join(", ", keys.unavailable().keySet()));
        }
        return b.build();
    }
}
