package dev.otalab.agent.rest;

import dev.otalab.agent.board.BoardRegistry;
import dev.otalab.agent.registration.RegistrationService;
import dev.otalab.labapi.dto.BoardInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health}: the agent is up once its boards are open (it does not start otherwise). Board
 * health (GOOD/UNKNOWN/BAD) is reported as data, not as the agent's status: a kit with a lost
 * serial port does not make the agent itself unhealthy. Registration and MQTT state are data too.
 */
@Liveness
@Readiness
@ApplicationScoped
public class AgentHealth implements HealthCheck {

    @Inject
    BoardRegistry registry;

    @Inject
    RegistrationService registration;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("lab-agent").up()
                .withData("agent", registry.config().agent().id());
        for (BoardInfo info : registry.list()) {
            b.withData("board." + info.id(), info.health() + (info.healthDetail() == null ? "" : ": " + info.healthDetail()));
        }
        registration.registration().ifPresent(r -> b.withData("controller",
                r.registered() ? "registered" : "not registered" + (r.lastError() == null ? "" : ": " + r.lastError())));
        registration.presence().ifPresent(p -> b.withData("mqtt", p.online() ? "online" : "offline"));
        return b.build();
    }
}
