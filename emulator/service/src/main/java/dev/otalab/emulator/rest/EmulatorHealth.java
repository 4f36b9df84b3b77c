package dev.otalab.emulator.rest;

import dev.otalab.emulator.service.BoardRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /q/health} (readiness): up while the shared kit scheduler runs; reports the board count and flashmap directory. */
@Readiness
@ApplicationScoped
public class EmulatorHealth implements HealthCheck {

    @Inject
    BoardRegistry registry;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("emulator")
                .status(registry.running())
                .withData("boards", registry.size())
                .withData("flashmapDir", String.valueOf(registry.flashmaps().dir()))
                .build();
    }
}
