package dev.otalab.emulator.registration;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otalab.emulator.service.BoardRegistry;
import dev.otalab.labapi.registration.AgentRegistration;
import dev.otalab.labapi.registration.ControllerRegistration;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * With {@code otalab.controller-registration.url} set, the emulator registers its boards with the
 * lab-controller exactly as a lab-agent does (lab-api's {@link ControllerRegistration}): the
 * controller's pool then holds virtual kits next to real ones. Boards created or deleted later
 * reach the controller with the next heartbeat.
 */
@ApplicationScoped
public class ControllerLink {

    /** Retry delays when the controller cannot be reached: 1 s doubling up to 60 s, as the lab-agent. */
    static final long RETRY_INITIAL_MS = 1000;
    static final long RETRY_MAX_MS = 60_000;

    /** The controller ({@code POST {url}/api/v1/agents}); absent: no registration. */
    @ConfigProperty(name = "otalab.controller-registration.url")
    Optional<String> controllerUrl;
    /** This emulator's agent id at the controller; default the host name. */
    @ConfigProperty(name = "otalab.controller-registration.agent-id")
    Optional<String> agentId;
    /** The URL the controller reaches this emulator at; default {@code http://<host name>:<http port>}. */
    @ConfigProperty(name = "otalab.controller-registration.advertised-url")
    Optional<String> advertisedUrl;
    /** Seconds between heartbeats (each lists the boards as they are then). */
    @ConfigProperty(name = "otalab.controller-registration.heartbeat-seconds", defaultValue = "30")
    int heartbeatSeconds;
    @Inject
    BoardRegistry boards;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "quarkus.http.port")
    int httpPort;
    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    private ControllerRegistration registration;

    /** After the default observers, so the boards from {@code otalab.emulator.boards} exist already. */
    void start(@Observes @jakarta.annotation.Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000) StartupEvent ev) {
        if (controllerUrl.isEmpty()) {
            return;
        }
        String id = agentId.orElseGet(ControllerLink::hostName);
        String url = advertisedUrl.orElseGet(() -> "http://" + hostName() + ":" + httpPort);
        int heartbeat = heartbeatSeconds;
        registration = new ControllerRegistration(controllerUrl.get(), id,
                () -> new AgentRegistration(id, url, version, heartbeat, null, boards.list()),
                Duration.ofSeconds(heartbeat), RETRY_INITIAL_MS, RETRY_MAX_MS, json);
        registration.start();
    }

    void stop(@Observes ShutdownEvent ev) {
        if (registration != null) {
            registration.close();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "emulator";
        }
    }
}
