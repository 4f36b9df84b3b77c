package dev.otalab.imagestore.health;

import dev.otalab.imagestore.service.TrustedKeys;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only with at least one trusted key (without one, every upload is refused). */
@Readiness
@ApplicationScoped
public class TrustedKeysReadinessCheck implements HealthCheck {

    private final TrustedKeys keys;

    public TrustedKeysReadinessCheck(TrustedKeys keys) {
        this.keys = keys;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("trusted-keys");
        keys.problem().ifPresentOrElse(p -> b.down().withData("problem", p),
                () -> b.up().withData("keys", String.join(", ", keys.all().keySet())));
        if (!keys.unavailable().isEmpty()) {
            b.withData("unusable", String.join(", ", keys.unavailable().keySet()));
        }
        return b.build();
    }
}
