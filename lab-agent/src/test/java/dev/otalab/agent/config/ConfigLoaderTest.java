package dev.otalab.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.agent.config.AgentConfig.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    static AgentConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "test.yaml", "pi-host", 8091);
    }

    @Test
    void theExampleConfigOfTheDeploymentParses(@TempDir Path certs) throws Exception {
        Path example = Path.of(System.getProperty("otalab.root", "..")).resolve("deploy/lab-agent/agent.example.yaml");
        for (String f : new String[] {"ca.crt", "rack1-pi1.crt", "rack1-pi1.key"}) {
            Files.writeString(certs.resolve(f), "test");
        }
        String yaml = Files.readString(example)
                // the example points at /opt paths that do not exist here
                .replace("flashmapDir: /opt/otalab-agent/flashmap", "flashmapDir: " + System.getProperty("java.io.tmpdir"))
                .replace("workDir: /var/lib/otalab-agent/work", "workDir: " + System.getProperty("java.io.tmpdir"))
                .replace("/opt/otalab-agent/certs", certs.toString());
        AgentConfig cfg = parse(yaml);
        assertThat(cfg.boards()).isNotEmpty();
        assertThat(cfg.gpio().provider()).isEqualTo("gpiod");
        assertThat(cfg.boards().get(0).serial().baud()).isEqualTo(115200);
        // presence over the broker's mutual-TLS listener, as the agent its certificate names
        assertThat(cfg.mqtt().port()).isEqualTo(8884);
        assertThat(cfg.mqtt().certFile()).endsWith(cfg.agent().id() + ".crt");
    }

    @Test
    void fillsInDefaults() {
        AgentConfig cfg = parse("""
                gpio: {provider: mock}
                boards:
                  - id: kit1
                    kit: CY8CPROTO-062-4343W
                    serial: {device: /dev/ttyACM0}
                    button: {line: 17}
                    power: {relay: {line: 27, activeLevel: low}}
                    led: {line: 22}
                    programmer: {command: "openocd -c 'program {image} {address} verify reset exit'"}
                """);
        assertThat(cfg.agent().id()).isEqualTo("pi-host");
        assertThat(cfg.agent().url()).isEqualTo("http://pi-host:8091");
        assertThat(cfg.controller()).isNull();
        assertThat(cfg.mqtt()).isNull();
        assertThat(cfg.gpio().lines()).contains(2, 17, 27).doesNotContain(0, 1, 28);
        var b = cfg.boards().get(0);
        assertThat(b.serial().baud()).isEqualTo(115200);
        assertThat(b.serial().ringLines()).isEqualTo(10_000);
        assertThat(b.button().activeLevel()).isEqualTo(Level.HIGH);
        assertThat(b.button().pressMs()).isEqualTo(200);
        assertThat(b.power().initial()).isEqualTo("on");
        assertThat(b.led().activeLevel()).isEqualTo(Level.HIGH);
        assertThat(b.programmer().timeoutSeconds()).isEqualTo(300);
    }

    @Test
    void mqttAndControllerDefaults() {
        AgentConfig cfg = parse("""
                agent: {id: rack1-pi1}
                controller: {url: "http://ctl:8080/"}
                mqtt: {host: broker}
                boards: [{id: k, kit: CY8CPROTO-062-4343W}]
                """);
        assertThat(cfg.controller().url()).isEqualTo("http://ctl:8080");
        assertThat(cfg.controller().heartbeatSeconds()).isEqualTo(30);
        assertThat(cfg.mqtt().port()).isEqualTo(1883);
        assertThat(cfg.mqtt().topicPrefix()).isEqualTo("otalab/agents");
        assertThat(cfg.mqtt().clientId()).isEqualTo("otalab-agent-rack1-pi1");
    }

    @Test
    void listsEveryProblemWithTheBoardItConcerns() {
        assertThatThrownBy(() -> parse("""
                gpio: {provider: wiringpi}
                boards:
                  - id: kit1
                    kit: CY8CPROTO-062-4343W
                    serial: {}
                    power: {relay: {line: 27}}
                  - id: kit1
                    kit: X
                    programmer: {command: "openocd -c 'program {img}'"}
                    power: {command: "uhubctl -l 1-1 -p 2 -a on"}
                  - id: "bad id"
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "gpio.provider must be 'gpiod' or 'mock', got 'wiringpi'",
                        "board 'kit1': serial.device is required (e.g. /dev/serial/by-id/usb-Cypress..._KitProg3_...-if02)",
                        "board 'kit1': power.relay.activeLevel is required: the level at which the kit is powered",
                        "board 'kit1': id used twice",
                        "board 'kit1': programmer.command: unknown placeholder {img} in 'openocd -c 'program {img}''; allowed: [{image}, {address}, {format}, {board}, {probe}]",
                        "board 'kit1': power.command: the command 'uhubctl -l 1-1 -p 2 -a on' must contain {action}",
                        "board 'bad id': id must match [A-Za-z0-9._-]{1,64}, got 'bad id'",
                        "board 'bad id': kit is required (e.g. CY8CPROTO-062-4343W)"));
    }

    @Test
    void unknownKeysAndBadLevelsAreErrors() {
        assertThatThrownBy(() -> parse("boards: [{id: k, kit: K, buton: {line: 3}}]"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("buton");
        assertThatThrownBy(() -> parse("boards: [{id: k, kit: K, button: {line: 3, activeLevel: middle}}]"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'high' or 'low'");
        assertThatThrownBy(() -> parse("boards: []")).hasMessageContaining("no boards configured");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("boards: [{id: k, kit: K, led: {line: 64}}]"))
                .hasMessageContaining("board 'k': led.line must be 0..63, got 64");
    }

    @Test
    void twoBoardsCannotShareASerialDevice() {
        assertThatThrownBy(() -> parse("""
                boards:
                  - {id: a, kit: K, serial: {device: /dev/ttyACM0}}
                  - {id: b, kit: K, serial: {device: /dev/ttyACM0}}
                """))
                .hasMessageContaining("board 'b': serial device /dev/ttyACM0 is also used by board 'a'");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/agent.yaml"), "h", 1))
                .isInstanceOf(ConfigException.class).hasMessageContaining("/nonexistent/agent.yaml does not exist");
    }
}
