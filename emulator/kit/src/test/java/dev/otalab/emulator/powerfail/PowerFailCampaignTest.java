package dev.otalab.emulator.powerfail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.keys.McubootKey;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * `./otalab emu powerfail` for the overwrite and swap flashmaps of the supported kits: power is
 * cut before every flash operation of each scenario in turn, and every kit recovers to the
 * scenario's image. The rollback copy is the same on both rollback layouts, so it runs on one.
 * Campaigns are independent and run side by side.
 */
@Execution(ExecutionMode.CONCURRENT)
class PowerFailCampaignTest {

    private static final Path ROOT = Path.of(System.getProperty("otalab.root", "../.."));
    private static final McubootKey KEY = McubootKey.read(ROOT.resolve("keys/otalab-test-ec-p256.pem"), null);
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();
    private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor();

    @AfterAll
    static void stopThreads() {
        SCHEDULER.shutdownNow();
        EXECUTOR.shutdownNow();
    }

    private static PowerFailCampaign campaign(String map) {
        return new PowerFailCampaign(Flashmap.read(ROOT.resolve("flashmap/" + map + ".json")), map, KEY, SCHEDULER,
                EXECUTOR, 8 * 1024);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource({
        "psoc62_2m_ext_overwrite_single, UPGRADE",
        "psoc62_2m_ext_swap_single, UPGRADE",
        "psoc62_2m_ext_swap_single, REVERT",
        "psoc62_2m_rollback_overwrite, ROLLBACK",
        "psoc62_2m_rollback_swap, UPGRADE",
        "psoc62_2m_rollback_swap, REVERT",
    })
    void everyInterruptionRecoversToTheScenariosImage(String map, PowerFailScenario scenario) {
        PowerFailReport report = campaign(map).run(scenario, point -> { });
        assertThat(report.failures()).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(report.interruptionPoints()).isGreaterThan(10);
        assertThat(report.summaryLine()).isEqualTo("powerfail: " + report.interruptionPoints()
                + " interruption points, 0 bricked, 0 wrong image");
    }

    @Test
    void scenariosThatTheLayoutCannotRunAreRefused() {
        assertThatThrownBy(() -> campaign("psoc62_2m_ext_overwrite_single").run(PowerFailScenario.REVERT, p -> { }))
                .hasMessageContaining("overwrite-only MCUboot never reverts");
        assertThatThrownBy(() -> campaign("psoc62_2m_ext_swap_single").run(PowerFailScenario.ROLLBACK, p -> { }))
                .hasMessageContaining("needs a flashmap with a factory_app area");
    }
}
