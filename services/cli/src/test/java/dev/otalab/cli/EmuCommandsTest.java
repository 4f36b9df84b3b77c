package dev.otalab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** `./otalab emu powerfail` and `./otalab bench emulator` through the command line. */
class EmuCommandsTest {

    @Test
    void powerfailReportsEveryInterruptionPointAndExitsZeroWhenAllRecover() {
        CliRun run = CliRun.of("emu", "powerfail", "--flashmap", "psoc62_2m_ext_swap_single", "--scenario", "upgrade",
                "--payload", "2048");
        assertThat(run.exitCode()).as(run.err()).isZero();
        String last = run.outLines().get(run.outLines().size() - 1);
        assertThat(last).matches("powerfail: \\d+ interruption points, 0 bricked, 0 wrong image");
        assertThat(Integer.parseInt(last.replaceAll("powerfail: (\\d+) .*", "$1"))).isGreaterThan(100);
    }

    @Test
    void powerfailRefusesWhatTheLayoutCannotDo() {
        CliRun revert = CliRun.of("emu", "powerfail", "--flashmap", "psoc62_2m_ext_overwrite_single",
                "--scenario", "revert");
        assertThat(revert.exitCode()).isEqualTo(2);
        assertThat(revert.err()).contains("overwrite-only MCUboot never reverts");
        CliRun unknown = CliRun.of("emu", "powerfail", "--flashmap", "nope", "--scenario", "upgrade");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no flashmap 'nope'");
        CliRun scenario = CliRun.of("emu", "powerfail", "--flashmap", "psoc62_2m_ext_swap_single",
                "--scenario", "brownout");
        assertThat(scenario.err().lines().toList()).hasSize(1).first().asString()
                .contains("unknown scenario 'brownout'");
    }

    @Test
    void benchEmulatorBootsTheKitsAndReportsHeapAndBootTimes() {
        CliRun run = CliRun.of("bench", "emulator", "--boards", "5", "--image-size", "65536");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines().get(run.outLines().size() - 1))
                .matches("boards 5, heap MB \\d+, boot ms \\d+\\.\\d\\d/\\d+\\.\\d\\d");
    }
}
