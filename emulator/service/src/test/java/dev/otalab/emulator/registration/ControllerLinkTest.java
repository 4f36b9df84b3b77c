package dev.otalab.emulator.registration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.otalab.emulator.config.ProjectPaths;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The emulator registers its configured boards with a controller (a stand-in HTTP server) and heartbeats. */
@QuarkusTest
@QuarkusTestResource(value = ControllerLinkTest.StandIn.class, restrictToAnnotatedClass = true)
class ControllerLinkTest {

    /** Calls the stand-in controller received: "METHOD path body". */
    static final BlockingQueue<String[]> CALLS = new LinkedBlockingQueue<>();

    public static class StandIn implements QuarkusTestResourceLifecycleManager {
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            server.createContext("/", ex -> {
                CALLS.add(new String[] {ex.getRequestMethod(), ex.getRequestURI().getPath(),
                        new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
                ex.sendResponseHeaders(ex.getRequestURI().getPath().endsWith("/heartbeat") ? 200 : 201, -1);
                ex.close();
            });
            server.start();
            return Map.of(
                    "otalab.controller-registration.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                    "otalab.controller-registration.agent-id", "emu-rack",
                    "otalab.controller-registration.advertised-url", "http://emulator.lab:8090",
                    "otalab.controller-registration.heartbeat-seconds", "1",
                    "otalab.emulator.boards", "link-rb:psoc62_2m_rollback_overwrite:rollback",
                    "otalab.emulator.flashmap-dir", ProjectPaths.findUpwards("flashmap").orElseThrow().toString());
        }

        @Override
        public void stop() {
            server.stop(0);
        }
    }

    @Test
    void registersItsBoardsAndHeartbeats() throws Exception {
        String[] first = CALLS.poll(10, TimeUnit.SECONDS);
        assertThat(first).as("a registration within 10 s").isNotNull();
        assertThat(first[0] + " " + first[1]).isEqualTo("POST /api/v1/agents");
        JsonNode body = new ObjectMapper().readTree(first[2]);
        assertThat(body.get("id").asText()).isEqualTo("emu-rack");
        assertThat(body.get("url").asText()).isEqualTo("http://emulator.lab:8090");
        assertThat(body.get("heartbeatSeconds").asInt()).isEqualTo(1);
        assertThat(body.get("boards")).hasSize(1);
        assertThat(body.get("boards").get(0).get("id").asText()).isEqualTo("link-rb");
        assertThat(body.get("boards").get(0).get("flashmap").asText()).isEqualTo("psoc62_2m_rollback_overwrite");
        List<String> caps = new java.util.ArrayList<>();
        body.get("boards").get(0).get("capabilities").forEach(c -> caps.add(c.asText()));
        assertThat(caps).contains("emulated", "fault-injection", "power", "uart");

        String[] beat = CALLS.poll(10, TimeUnit.SECONDS);
        assertThat(beat).as("a heartbeat").isNotNull();
        assertThat(beat[0] + " " + beat[1]).isEqualTo("POST /api/v1/agents/emu-rack/heartbeat");
        assertThat(new ObjectMapper().readTree(beat[2]).get("boards").get(0).get("id").asText()).isEqualTo("link-rb");
    }
}
