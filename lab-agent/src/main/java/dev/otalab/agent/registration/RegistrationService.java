package dev.otalab.agent.registration;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otalab.agent.board.BoardRegistry;
import dev.otalab.agent.config.AgentConfig;
import dev.otalab.labapi.registration.AgentRegistration;
import dev.otalab.labapi.registration.ControllerRegistration;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts the controller registration (when {@code controller.url} is configured) and the MQTT
 * presence (when {@code mqtt.host} is configured) once the boards are open; stops both at shutdown,
 * publishing {@code offline} first.
 */
@ApplicationScoped
public class RegistrationService {

    private static final Logger LOG = Logger.getLogger(RegistrationService.class);

    @Inject
    BoardRegistry boards;

    @Inject
    ObjectMapper json;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
    String version;

    private ControllerRegistration registration;
    private MqttPresence presence;

    void onStart(@Observes StartupEvent event) {
        AgentConfig cfg = boards.config();
        String id = cfg.agent().id();
        if (cfg.mqtt() != null) {
            presence = new MqttPresence(vertx, cfg.mqtt(), id);
            presence.start();
        } else {
            LOG.info("no mqtt.host configured: no MQTT presence");
        }
        if (cfg.controller() != null) {
            String topic = presence == null ? null : presence.topic();
            registration = new ControllerRegistration(cfg.controller().url(), id,
                    () -> new AgentRegistration(id, cfg.agent().url(), version, cfg.controller().heartbeatSeconds(),
                            topic, boards.list()),
                    Duration.ofSeconds(cfg.controller().heartbeatSeconds()),
                    cfg.controller().retryInitialMs(), cfg.controller().retryMaxMs(), json);
            registration.start();
        } else {
            LOG.info("no controller.url configured: not registering");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (registration != null) {
            registration.close();
        }
        if (presence != null) {
            presence.close();
        }
    }

    public Optional<ControllerRegistration> registration() {
        return Optional.ofNullable(registration);
    }

    public Optional<MqttPresence> presence() {
        return Optional.ofNullable(presence);
    }
}
