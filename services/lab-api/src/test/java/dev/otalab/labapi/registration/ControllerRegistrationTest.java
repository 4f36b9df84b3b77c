package dev.otalab.labapi.registration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otalab.testing.StandInController;
import dev.otalab.testing.StandInController.Call;
import dev.otalab.labapi.dto.BoardHealth;
import dev.otalab.labapi.dto.BoardInfo;
import dev.otalab.labapi.dto.PowerState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Registration and heartbeats against a stand-in controller: a real HTTP server started by the test. */
class ControllerRegistrationTest {

    private final ObjectMapper json = new ObjectMapper();
    private StandInController controller;
    private ControllerRegistration registration;

    @AfterEach
    void tearDown() {
        if (registration != null) {
            registration.close();
        }
        if (controller != null) {
            controller.close();
        }
    }

    private final AtomicInteger boardsVersion = new AtomicInteger();

    private AgentRegistration document() {
        BoardHealth h = boardsVersion.get() == 0 ? BoardHealth.GOOD : BoardHealth.BAD;
        return new AgentRegistration("rack1-pi1", "http://rack1-pi1.lab:8091", "test", 1,
                "otalab/agents/rack1-pi1/status",
                List.of(new BoardInfo("rack1-slot1", "CY8CPROTO-062-4343W", "psoc62_2m_ext_swap_single",
                        List.of("power", "button", "uart"), PowerState.ON, h)));
    }

    private ControllerRegistration start(String url, Duration heartbeat) {
        registration = new ControllerRegistration(url, "rack1-pi1", this::document, heartbeat, 100, 400, json);
        registration.start();
        return registration;
    }

    @Test
    void registersThenSendsHeartbeatsWithCurrentBoardHealth() throws Exception {
        controller = new StandInController(0);
        start(controller.url(), Duration.ofMillis(300));

        Call reg = controller.next();
        assertThat(reg.method()).isEqualTo("POST");
        assertThat(reg.path()).isEqualTo("/api/v1/agents");
        assertThat(reg.contentType()).isEqualTo("application/json");
        JsonNode body = json.readTree(reg.body());
        assertThat(body.get("id").asText()).isEqualTo("rack1-pi1");
        assertThat(body.get("url").asText()).isEqualTo("http://rack1-pi1.lab:8091");
        assertThat(body.get("statusTopic").asText()).isEqualTo("otalab/agents/rack1-pi1/status");
        assertThat(body.get("boards").get(0).get("id").asText()).isEqualTo("rack1-slot1");
        assertThat(body.get("boards").get(0).get("health").asText()).isEqualTo("GOOD");
        assertThat(body.get("boards").get(0).get("capabilities").toString()).isEqualTo("[\"power\",\"button\",\"uart\"]");

        Call hb1 = controller.next();
        boardsVersion.set(1);
        Call hb2 = controller.next();
        assertThat(hb1.path()).isEqualTo("/api/v1/agents/rack1-pi1/heartbeat");
        assertThat(hb1.method()).isEqualTo("POST");
        assertThat((hb1.nanos() - reg.nanos()) / 1e6).isGreaterThanOrEqualTo(290);
        assertThat((hb2.nanos() - hb1.nanos()) / 1e6).isGreaterThanOrEqualTo(290);
        Call hb3 = controller.next();
        assertThat(json.readTree(hb3.body()).get("boards").get(0).get("health").asText()).isEqualTo("BAD");
        assertThat(registration.registered()).isTrue();
    }

    @Test
    void registersAgainWhenTheControllerForgetsTheAgent() throws Exception {
        controller = new StandInController(0);
        start(controller.url(), Duration.ofMillis(200));
        assertThat(controller.next().path()).isEqualTo("/api/v1/agents");
        assertThat(controller.next().path()).endsWith("/heartbeat");
        controller.heartbeatStatus.set(404);
        Call forgotten;
        do {
            forgotten = controller.next();
            assertThat(forgotten.path()).endsWith("/heartbeat");
        } while (forgotten.answered() != 404);
        controller.heartbeatStatus.set(204);
        Call again = controller.next();
        assertThat(again.path()).isEqualTo("/api/v1/agents");
        assertThat(controller.next().path()).endsWith("/heartbeat");
    }

    @Test
    void retriesWithGrowingDelaysWhileTheControllerFails() throws Exception {
        controller = new StandInController(0);
        controller.status.set(503);
        start(controller.url(), Duration.ofMillis(200));
        Call a = controller.next();
        Call b = controller.next();
        Call c = controller.next();
        Call d = controller.next();
        Call e = controller.next();
        assertThat(List.of(a, b, c, d, e)).extracting(Call::path).containsOnly("/api/v1/agents");
        // 100, 200, 400, then capped at 400 ms
        assertThat((b.nanos() - a.nanos()) / 1e6).isBetween(90.0, 390.0);
        assertThat((c.nanos() - b.nanos()) / 1e6).isBetween(190.0, 590.0);
        assertThat((d.nanos() - c.nanos()) / 1e6).isGreaterThanOrEqualTo(390.0);
        assertThat((e.nanos() - d.nanos()) / 1e6).isBetween(390.0, 900.0);
        assertThat(registration.registered()).isFalse();
        assertThat(registration.lastError()).isEqualTo("registration answered HTTP 503");

        controller.status.set(201);
        await(registration::registered, Duration.ofSeconds(5), "registered");
    }

    @Test
    void comesBackAfterTheControllerWasUnreachable() throws Exception {
        controller = new StandInController(0);
        int port = controller.port();
        start(controller.url(), Duration.ofMillis(200));
        assertThat(controller.next().path()).isEqualTo("/api/v1/agents");
        assertThat(controller.next().path()).endsWith("/heartbeat");

        controller.close(); // network drop: connections refused
        await(() -> !registration.registered(), Duration.ofSeconds(5), "the failure to be noticed");
        assertThat(registration.lastError()).matches("(IOException|ConnectException|HttpConnectTimeoutException).*");
        Thread.sleep(500);

        controller = new StandInController(port); // the controller is reachable again on the same address
        Call first = controller.next();
        assertThat(first.path()).as("still registered: the heartbeat resumes").endsWith("/heartbeat");
        await(registration::registered, Duration.ofSeconds(5), "registered");
    }

    @Test
    void noControllerNoCalls() throws InterruptedException {
        // the lab-agent skips registration when controller.url is unset (its RegistrationService); the
        // class itself needs a URL, so here: a URL nobody serves never counts as registered
        start("http://127.0.0.1:9", Duration.ofMillis(100));
        await(() -> registration.lastError() != null, Duration.ofSeconds(5), "an error");
        assertThat(registration.registered()).isFalse();
    }

    /** Polls {@code check} until true; fails after {@code timeout}. */
    static void await(java.util.function.BooleanSupplier check, Duration timeout, String what) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!check.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
