package dev.otalab.agent.programmer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.agent.board.HardwareException;
import dev.otalab.agent.support.FakeProgrammer;
import dev.otalab.labapi.dto.ImageFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgrammerTest {

    @TempDir
    Path dir;

    private FakeProgrammer fake;
    private Path work;

    @BeforeEach
    void setUp() throws Exception {
        fake = FakeProgrammer.create(dir.resolve("tool"));
        work = Files.createDirectories(dir.resolve("work"));
    }

    private List<Path> workFiles() throws Exception {
        try (Stream<Path> s = Files.list(work)) {
            return s.toList();
        }
    }

    @Test
    void substitutesTheImageFileAndAddressAndCleansUp() throws Exception {
        Programmer p = new Programmer("kit1", fake.template(), null, 20, 20, work);
        byte[] image = {0x3d, (byte) 0xb8, (byte) 0xf3, (byte) 0x96, 1, 2, 3};
        ProcessRunner.Result r = p.program(image, ImageFormat.BIN, 0x18000200L);
        assertThat(r.ok()).isTrue();
        assertThat(r.lastLines()).endsWith("** Verified OK **");
        List<String> args = fake.args(0);
        assertThat(args.subList(0, 7)).containsExactly("-s", "/usr/share/openocd/scripts", "-f", "interface/kitprog3.cfg",
                "-f", "target/psoc6_2m.cfg", "-c");
        assertThat(args).hasSize(8);
        assertThat(args.get(7)).matches("program " + work + "/otalab-kit1-[^ ]+\\.bin 0x18000200 verify reset exit");
        assertThat(fake.image(0)).isEqualTo(image);
        assertThat(workFiles()).isEmpty();
    }

    @Test
    void aHexGoesWithItsOwnAddressesAndTheOtherPlaceholders() throws Exception {
        Programmer p = new Programmer("kit1", fake.script() + " {board} {format} -c \"adapter serial {probe}\" {address}"
                + " -c \"program {image} verify\"", "0B0F1A2B", 20, 20, work);
        p.program(":00000001FF\n".getBytes(), ImageFormat.HEX, 0x10000000L);
        assertThat(fake.args(0)).hasSize(6);
        assertThat(fake.args(0).subList(0, 4)).containsExactly("kit1", "hex", "-c", "adapter serial 0B0F1A2B");
        assertThat(fake.args(0).get(5)).matches("program .*\\.hex verify");
    }

    @Test
    void aFailingToolIsAHardwareErrorWithItsLastLines() throws Exception {
        fake.failing(true);
        Programmer p = new Programmer("kit1", fake.template(), null, 20, 5, work);
        assertThatThrownBy(() -> p.program(new byte[] {1}, ImageFormat.BIN, 0x10018000L))
                .isInstanceOf(HardwareException.class)
                .hasMessageStartingWith("programmer '" + fake.script() + "' exited with status 3; last output:\n")
                .hasMessageEndingWith("Error: step 26\nError: step 27\nError: step 28\nError: step 29\nError: step 30")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("step 25"));
        assertThat(workFiles()).isEmpty();
    }

    @Test
    void aHangingToolIsKilledAfterTheTimeout() {
        fake.sleeping(30);
        Programmer p = new Programmer("kit1", fake.template(), null, 1, 5, work);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> p.program(new byte[] {1}, ImageFormat.BIN, 0x10018000L))
                .isInstanceOf(HardwareException.class).hasMessageContaining("timed out after 1 s");
        assertThat((System.nanoTime() - t0) / 1_000_000_000).isLessThan(10);
    }

    @Test
    void aMissingToolIsAHardwareError() {
        Programmer p = new Programmer("kit1", dir.resolve("no-openocd") + " -c 'program {image}'", null, 5, 5, work);
        assertThatThrownBy(() -> p.program(new byte[] {1}, ImageFormat.BIN, 0L))
                .isInstanceOf(HardwareException.class).hasMessageContaining("could not start");
    }
}
