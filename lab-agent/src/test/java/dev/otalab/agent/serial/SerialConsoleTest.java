package dev.otalab.agent.serial;

import static dev.otalab.agent.support.Socat.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.agent.board.HardwareException;
import dev.otalab.agent.config.ConfigException;
import dev.otalab.agent.support.Socat;
import dev.otalab.labapi.dto.UartLine;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console against a real pseudo-terminal pair (socat): what the agent does with a real KitProg3 UART. */
class SerialConsoleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Socat socat;
    private SerialConsole console;

    @AfterEach
    void tearDown() {
        if (console != null) {
            console.close();
        }
        if (socat != null) {
            socat.close();
        }
    }

    private SerialConsole open(LineBuffer buffer) {
        console = new SerialConsole("board 'kit1'", socat.kit().toString(), 115200, 50, buffer);
        console.start();
        return console;
    }

    @Test
    void bytesFromTheKitBecomeNumberedLinesBlankOnesIncluded() {
        socat = Socat.start(dir);
        LineBuffer buffer = new LineBuffer(1000);
        open(buffer);
        socat.send("[INF] MCUboot Bootloader Started\n\r");
        socat.send("===============\r\nTEST Application: OTA Update version: 1.0.0\r\n=====");
        socat.send("==========\r\n\r\n");
        await(() -> buffer.latestSeq() == 5, WAIT, "5 lines");
        assertThat(buffer.linesAfter(0)).extracting(UartLine::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(buffer.linesAfter(0)).extracting(UartLine::text).containsExactly(
                "[INF] MCUboot Bootloader Started", "===============", "TEST Application: OTA Update version: 1.0.0",
                "===============", "");
        assertThat(console.connected()).isTrue();
    }

    @Test
    void writesReachTheKit() throws Exception {
        socat = Socat.start(dir);
        open(new LineBuffer(10));
        try (InputStream kit = socat.openReceiver()) {
            console.write("Y".getBytes(StandardCharsets.US_ASCII));
            console.write("ok\r".getBytes(StandardCharsets.US_ASCII));
            byte[] got = Socat.readExactly(kit, 4);
            assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("Yok\r");
        }
    }

    @Test
    void reopensWhenTheDeviceVanishesAndReturnsAndKeepsNumbering() throws Exception {
        socat = Socat.start(dir);
        LineBuffer buffer = new LineBuffer(1000);
        open(buffer);
        socat.send("before 1\r\nbefore 2\r\npartial");
        await(() -> buffer.latestSeq() == 2, WAIT, "2 lines");

        socat.stop(); // the KitProg3 leaves the USB bus
        await(() -> !console.connected(), WAIT, "the console to notice");
        assertThat(console.lostDetail()).contains(socat.kit().toString()).contains("lost");
        // the cut-off line is kept, as when the emulator's kit loses power
        await(() -> buffer.latestSeq() == 3, WAIT, "the partial line");
        assertThat(buffer.linesAfter(2).get(0).text()).isEqualTo("partial");
        assertThatThrownBy(() -> console.write(new byte[] {'x'})).isInstanceOf(HardwareException.class)
                .hasMessageContaining("not present");
        Thread.sleep(300); // polls in vain for a while
        assertThat(console.connected()).isFalse();

        socat.start(); // back, same link name, new /dev/pts/N
        await(console::connected, WAIT, "the console to reopen");
        assertThat(console.reopens()).isEqualTo(1);
        socat.send("after 1\r\n\r\n");
        await(() -> buffer.latestSeq() == 5, WAIT, "lines after the reopen");
        assertThat(buffer.linesAfter(0)).extracting(UartLine::text)
                .containsExactly("before 1", "before 2", "partial", "after 1", "");
        assertThat(buffer.linesAfter(0)).extracting(UartLine::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        try (InputStream kit = socat.openReceiver()) {
            console.write("n".getBytes(StandardCharsets.US_ASCII));
            assertThat(kit.read()).isEqualTo('n');
        }
    }

    @Test
    void refusesAMissingDevice() {
        Path missing = dir.resolve("no-such-kit");
        SerialConsole c = new SerialConsole("board 'kit9'", missing.toString(), 115200, 50, new LineBuffer(10));
        assertThatThrownBy(c::start).isInstanceOf(ConfigException.class)
                .hasMessage("board 'kit9': serial device " + missing + " does not exist");
    }

    @Test
    void refusesAPathThatIsNoSerialPort() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("plain-file"), "x");
        SerialConsole c = new SerialConsole("board 'kit9'", file.toString(), 115200, 50, new LineBuffer(10));
        assertThatThrownBy(c::start).isInstanceOf(ConfigException.class)
                .hasMessageContaining("board 'kit9': serial device " + file + " cannot be opened");
    }
}
