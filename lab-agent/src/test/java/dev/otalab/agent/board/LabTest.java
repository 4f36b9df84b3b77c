package dev.otalab.agent.board;

import static dev.otalab.agent.support.Socat.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.io.gpio.digital.DigitalState;
import dev.otalab.agent.config.AgentConfig;
import dev.otalab.agent.config.ConfigException;
import dev.otalab.agent.config.ConfigLoader;
import dev.otalab.agent.gpio.RelayPower;
import dev.otalab.agent.support.FakeProgrammer;
import dev.otalab.agent.support.Socat;
import dev.otalab.agent.support.StateRecorder;
import dev.otalab.agent.support.TestConfigs;
import dev.otalab.labapi.Capabilities;
import dev.otalab.labapi.ProblemException;
import dev.otalab.labapi.ProblemTypes;
import dev.otalab.labapi.dto.BoardHealth;
import dev.otalab.labapi.dto.BoardInfo;
import dev.otalab.labapi.dto.ImageFormat;
import dev.otalab.labapi.dto.PowerRequest;
import dev.otalab.labapi.dto.PowerState;
import dev.otalab.labapi.dto.ProgramResult;
import dev.otalab.mcuboot.hex.IntelHex;
import dev.otalab.mcuboot.hex.MemoryImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boards opened from configuration: start-up refusal, power, health, programming targets. */
class LabTest {

    @TempDir
    Path dir;

    private Socat socat;
    private Lab lab;

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
        if (socat != null) {
            socat.close();
        }
    }

    private AgentConfig config(String yaml) {
        return ConfigLoader.parse(yaml, "test.yaml", "host", 8091);
    }

    private Lab start(String device, FakeProgrammer programmer) {
        lab = Lab.start(config(TestConfigs.board("kit1", device, programmer, dir)));
        return lab;
    }

    @Test
    void refusesToStartNamingEachBoardAndDeviceOrLine() throws Exception {
        socat = Socat.start(Files.createDirectories(dir.resolve("pty")));
        String yaml = """
                gpio: {provider: mock}
                boards:
                  - id: good
                    kit: CY8CPROTO-062-4343W
                    serial: {device: %s}
                    button: {line: 17}
                  - id: kit2
                    kit: CY8CPROTO-062-4343W
                    serial: {device: /dev/serial/by-id/usb-Cypress_KitProg3_NOPE-if02}
                    button: {line: 17}
                    power: {relay: {line: 45, activeLevel: low}}
                    led: {line: 22}
                """.formatted(socat.kit());
        assertThatThrownBy(() -> Lab.start(config(yaml)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "board 'kit2' button: GPIO line 17 is already used by board 'good' button",
                        "board 'kit2' power relay: GPIO line 45 is not available (mock lines: " + ConfigLoader.DEFAULT_LINES + ")",
                        "board 'kit2': serial device /dev/serial/by-id/usb-Cypress_KitProg3_NOPE-if02 does not exist"))
                .hasMessageStartingWith("the agent cannot start: 3 problems\n - board 'kit2' button: GPIO line 17");
        // everything it had opened was closed again: the same lines and port can be opened now
        try (Socat second = Socat.start(Files.createDirectories(dir.resolve("pty2")))) {
            lab = Lab.start(config(yaml.replace("/dev/serial/by-id/usb-Cypress_KitProg3_NOPE-if02", second.kit().toString())
                    .replace("line: 45", "line: 26").replace("button: {line: 17}\n    power", "button: {line: 16}\n    power")));
            assertThat(lab.list()).extracting(BoardInfo::id).containsExactly("good", "kit2");
            lab.close();
            lab = null;
        }
    }

    @Test
    void aFlashmapThatDoesNotExistIsRefused() {
        String yaml = TestConfigs.board("kit1", null, null, dir).replace("psoc62_2m_ext_swap_single", "psoc62_9m_nope");
        assertThatThrownBy(() -> Lab.start(config(yaml))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("board 'kit1': flashmap " + TestConfigs.flashmapDir().resolve("psoc62_9m_nope.json")
                        + " does not exist");
    }

    @Test
    void capabilitiesFollowTheWiring() {
        start(null, null);
        BoardInfo info = lab.board("kit1").info();
        assertThat(info.capabilities()).containsExactly(Capabilities.POWER, Capabilities.BUTTON, Capabilities.LED);
        assertThat(info.health()).isEqualTo(BoardHealth.UNKNOWN);
        assertThat(info.power()).isEqualTo(PowerState.ON);
        assertThatThrownBy(() -> lab.board("kit1").uart(0, 10)).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).is(ProblemTypes.CAPABILITY_MISSING)).isTrue());
        assertThatThrownBy(() -> lab.board("nope")).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).is(ProblemTypes.BOARD_NOT_FOUND)).isTrue());
    }

    @Test
    void powerOnOffAndCycleDriveTheRelay() {
        start(null, null);
        Board b = lab.board("kit1");
        RelayPower relay = (RelayPower) b.powerDevice().orElseThrow();
        assertThat(relay.output().state()).as("initially on: active low").isEqualTo(DigitalState.LOW);
        StateRecorder rec = StateRecorder.on(relay.output());
        assertThat(b.power(PowerRequest.off()).power()).isEqualTo(PowerState.OFF);
        assertThat(b.power(PowerRequest.on()).power()).isEqualTo(PowerState.ON);
        assertThat(rec.states()).containsExactly(DigitalState.HIGH, DigitalState.LOW);
        rec.clear();
        long t0 = System.nanoTime();
        BoardInfo after = b.power(PowerRequest.cycle(300));
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(after.power()).isEqualTo(PowerState.ON);
        assertThat(rec.states()).containsExactly(DigitalState.HIGH, DigitalState.LOW);
        assertThat(rec.msBetween(0)).isGreaterThanOrEqualTo(300.0);
    }

    @Test
    void aCommandSwitchesAUsbHubPort() throws Exception {
        Path log = dir.resolve("uhubctl.log");
        Path script = dir.resolve("uhubctl");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + log + "\n"
                + "if [ -f " + dir.resolve("fail") + " ]; then echo 'No compatible devices detected!'; exit 1; fi\n");
        script.toFile().setExecutable(true);
        lab = Lab.start(config("""
                boards:
                  - id: kit3
                    kit: CY8CPROTO-062S2-43439
                    power: {command: "%s -l {hub} -p {port} -a {action}", hub: "1-1", port: "2", initial: "off"}
                """.formatted(script)));
        Board b = lab.board("kit3");
        assertThat(b.info().power()).isEqualTo(PowerState.OFF);
        b.power(PowerRequest.cycle(0));
        assertThat(Files.readAllLines(log)).containsExactly("-l 1-1 -p 2 -a off", "-l 1-1 -p 2 -a off", "-l 1-1 -p 2 -a on");
        Files.writeString(dir.resolve("fail"), "");
        assertThatThrownBy(() -> b.power(PowerRequest.on())).isInstanceOf(HardwareException.class)
                .hasMessageContaining("exited with status 1").hasMessageContaining("No compatible devices detected!");
        assertThat(b.info().power()).isEqualTo(PowerState.UNKNOWN);
        assertThat(b.info().health()).isEqualTo(BoardHealth.BAD);
        assertThat(b.info().healthDetail()).startsWith("power switch failed at ");
        Files.delete(dir.resolve("fail"));
        assertThat(b.power(PowerRequest.on()).health()).isEqualTo(BoardHealth.UNKNOWN); // nothing to check: no UART
    }

    @Test
    void healthFollowsTheSerialPortAndAbsenceWhileOffIsNotBad() throws Exception {
        socat = Socat.start(Files.createDirectories(dir.resolve("pty")));
        start(socat.kit().toString(), null);
        Board b = lab.board("kit1");
        assertThat(b.info().health()).isEqualTo(BoardHealth.GOOD);
        assertThat(b.info().healthDetail()).isNull();

        socat.stop();
        await(() -> b.info().health() == BoardHealth.BAD, Duration.ofSeconds(10), "BAD");
        assertThat(b.info().healthDetail()).startsWith("serial port " + socat.kit() + " lost at ");

        b.power(PowerRequest.off()); // switched off on purpose: its port is expected to be gone
        assertThat(b.info().health()).isEqualTo(BoardHealth.UNKNOWN);
        assertThat(b.info().healthDetail()).startsWith("powered off; serial port");
        b.power(PowerRequest.on()); // the KitProg3 needs a moment to enumerate
        assertThat(b.info().health()).isEqualTo(BoardHealth.UNKNOWN);

        socat.start();
        await(() -> b.info().health() == BoardHealth.GOOD, Duration.ofSeconds(10), "GOOD");
        socat.send("after\n");
        await(() -> b.console().latestSeq() == 1, Duration.ofSeconds(10), "a line");
    }

    @Test
    void programResolvesAreasFromTheFlashmapAndChecksTheImage() throws Exception {
        FakeProgrammer fake = FakeProgrammer.create(dir.resolve("tool"));
        start(null, fake);
        Board b = lab.board("kit1");
        byte[] image = "signed image".getBytes(StandardCharsets.US_ASCII);

        ProgramResult r = b.program("secondary", ImageFormat.BIN, image);
        assertThat(r).isEqualTo(new ProgramResult("secondary", 0x18000200L, image.length, ImageFormat.BIN));
        assertThat(fake.args(0).get(7)).endsWith(".bin 0x18000200 verify reset exit");
        assertThat(fake.image(0)).isEqualTo(image);

        r = b.program("0x10028000", null, image);
        assertThat(r).isEqualTo(new ProgramResult(null, 0x10028000L, image.length, ImageFormat.BIN));

        String hex = IntelHex.write(MemoryImage.of(0x10028000L, new byte[300]));
        r = b.program("primary", ImageFormat.HEX, hex.getBytes(StandardCharsets.US_ASCII));
        assertThat(r).isEqualTo(new ProgramResult("primary", 0x10028000L, 300, ImageFormat.HEX));
        assertThat(fake.args(2).get(7)).matches("program .*\\.hex  verify reset exit");
        assertThat(fake.calls()).isEqualTo(3);

        // refused before the tool runs
        assertThatThrownBy(() -> b.program("scratch", ImageFormat.BIN, new byte[0x80001]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("larger than the scratch area");
        assertThatThrownBy(() -> b.program("factory", ImageFormat.BIN, image)).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).is(ProblemTypes.CONFLICT)).isTrue());
        assertThatThrownBy(() -> b.program(null, ImageFormat.BIN, image)).hasMessage("area is required for format bin");
        assertThatThrownBy(() -> b.program("secondary", ImageFormat.HEX, hex.getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("lies outside the secondary area");
        assertThatThrownBy(() -> b.program(null, ImageFormat.HEX, "not hex".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageStartingWith("malformed Intel HEX");
        assertThatThrownBy(() -> b.program("secondary", ImageFormat.BIN, new byte[0]))
                .hasMessageContaining("empty");
        assertThat(fake.calls()).isEqualTo(3);
    }

    @Test
    void aFailedProgrammingMakesTheBoardBadUntilTheNextSuccess() throws Exception {
        socat = Socat.start(Files.createDirectories(dir.resolve("pty")));
        FakeProgrammer fake = FakeProgrammer.create(dir.resolve("tool"));
        start(socat.kit().toString(), fake);
        Board b = lab.board("kit1");
        fake.failing(true);
        assertThatThrownBy(() -> b.program("secondary", ImageFormat.BIN, new byte[] {1}))
                .isInstanceOf(HardwareException.class).hasMessageContaining("Error: step 30");
        assertThat(b.info().health()).isEqualTo(BoardHealth.BAD);
        assertThat(b.info().healthDetail()).contains("programming failed at").contains("exited with status 3");
        fake.failing(false);
        b.program("secondary", ImageFormat.BIN, new byte[] {1});
        assertThat(b.info().health()).isEqualTo(BoardHealth.GOOD);
    }
}
