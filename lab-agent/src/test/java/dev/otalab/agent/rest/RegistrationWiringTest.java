package dev.otalab.agent.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otalab.agent.support.Socat;
import dev.otalab.testing.StandInController;
import dev.otalab.agent.support.TestConfigs;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The running agent registers itself with the controller configured in its YAML (a stand-in HTTP
 * server here) and announces itself {@code online} on the real Mosquitto.
 */
@QuarkusTest
@TestProfile(RegistrationWiringTest.Wired.class)
class RegistrationWiringTest {

    public static class Wired implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(WiredResource.class));
        }
    }

    /** A board on socat, plus controller.url = the stand-in and mqtt = 127.0.0.1:1883 with a unique topic. */
    public static class WiredResource implements QuarkusTestResourceLifecycleManager {
        private Socat socat;
        private StandInController controller;
        private String topic;

        @Override
        public Map<String, String> start() {
            try {
                Path dir = Files.createTempDirectory("lab-agent-wired");
                socat = Socat.start(Files.createDirectories(dir.resolve("pty")));
                controller = new StandInController(0);
                String prefix = "otalab-test/" + UUID.randomUUID().toString().substring(0, 8) + "/agents";
                topic = prefix + "/test-agent/status";
                String yaml = TestConfigs.board("kit1", socat.kit().toString(), null, dir)
                        + "controller: {url: \"" + controller.url() + "\", heartbeatSeconds: 1}\n"
                        + "mqtt: {host: 127.0.0.1, port: 1883, topicPrefix: \"" + prefix + "\"}\n";
                Path config = dir.resolve("agent.yaml");
                Files.writeString(config, yaml.replace("  id: test-agent\n",
                        "  id: test-agent\n  url: http://rack9-pi9.lab:8091\n"));
                return Map.of("otalab.agent.config", config.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(controller, new TestInjector.MatchesType(StandInController.class));
            injector.injectIntoFields(topic, new TestInjector.AnnotatedAndMatchesType(Topic.class, String.class));
        }

        @Override
        public void stop() {
            socat.close();
            controller.close();
            try { // leave nothing retained on the shared broker
                new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", "1883", "-t", topic, "-r", "-n")
                        .inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // best effort
            }
        }
    }

    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @interface Topic {
    }

    StandInController controller;

    @Topic
    String topic;

    @Test
    void registersWithItsBoardsAndSendsHeartbeats() throws Exception {
        StandInController.Call reg = controller.next();
        assertThat(reg.path()).isEqualTo("/api/v1/agents");
        JsonNode body = new ObjectMapper().readTree(reg.body());
        assertThat(body.get("id").asText()).isEqualTo("test-agent");
        assertThat(body.get("url").asText()).isEqualTo("http://rack9-pi9.lab:8091");
        assertThat(body.get("heartbeatSeconds").asInt()).isEqualTo(1);
        assertThat(body.get("statusTopic").asText()).isEqualTo(topic);
        assertThat(body.get("boards").get(0).get("id").asText()).isEqualTo("kit1");
        assertThat(body.get("boards").get(0).get("health").asText()).isEqualTo("GOOD");
        assertThat(controller.next().path()).isEqualTo("/api/v1/agents/test-agent/heartbeat");
        given().get("/q/health").then().statusCode(200).body("checks[0].data.controller", equalTo("registered"));
    }

    @Test
    void isOnlineOnMqtt() throws Exception {
        Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", "1883", "-t", topic, "-C", "1", "-W", "10")
                .redirectErrorStream(true).start();
        assertThat(sub.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(sub.getInputStream().readAllBytes()).trim()).isEqualTo("online");
    }
}
