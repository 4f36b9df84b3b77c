package dev.otalab.emulator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.emulator.config.EmulatorConfig;
import dev.otalab.emulator.config.ProjectPaths;
import dev.otalab.emulator.kit.KitState;
import dev.otalab.emulator.kit.VirtualKit;
import dev.otalab.labapi.ProblemException;
import dev.otalab.labapi.ProblemTypes;
import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.labapi.dto.CreateBoardRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry without Quarkus: ids, attachments, shutdown. */
class BoardRegistryTest {

    static EmulatorConfig config(Optional<List<String>> boards) {
        return new EmulatorConfig() {
            @Override public Optional<Path> flashmapDir() { return Optional.empty(); }
            @Override public Optional<List<Path>> trustedKey() { return Optional.empty(); }
            @Override public Optional<List<String>> boards() { return boards; }
            @Override public String defaultKit() { return "CY8CPROTO-062-4343W"; }
            @Override public int schedulerThreads() { return 1; }
            @Override public int cpuThreads() { return 1; }
            @Override public long watchdogMs() { return 4000; }
            @Override public EmulatorConfig.Ota ota() { return OtaSettingsTest.ota(java.util.Map.of()); }
        };
    }

    final BoardRegistry registry = new BoardRegistry(config(Optional.empty()));

    @AfterEach
    void close() {
        registry.close();
    }

    static CreateBoardRequest request(String id) {
        return new CreateBoardRequest(id, "CY8CPROTO-062-4343W", "psoc62_2m_rollback_overwrite", BootloaderKind.ROLLBACK, null);
    }

    @Test
    void findsTheProjectFlashmapsAndKeyFromTheWorkingDirectory() {
        assertThat(registry.flashmaps().dir()).isEqualTo(ProjectPaths.findUpwards("flashmap").orElseThrow());
        assertThat(registry.flashmaps().names()).contains("psoc62_2m_rollback_overwrite", "psoc62_2m_ext_swap_single");
        assertThat(registry.create(request("a")).id()).isEqualTo("a");
    }

    @Test
    void generatedIdsSkipTakenOnes() {
        registry.create(request("emu-1"));
        assertThat(registry.create(request(null)).id()).isEqualTo("emu-2");
        assertThat(registry.create(request(null)).id()).isEqualTo("emu-3");
        assertThat(registry.list()).extracting(b -> b.id()).containsExactly("emu-1", "emu-2", "emu-3");
    }

    @Test
    void deleteClosesTheKitAndWhatIsAttachedToIt() throws Exception {
        registry.create(request("a"));
        VirtualKit kit = registry.get("a");
        kit.powerOn();
        AtomicInteger closed = new AtomicInteger();
        registry.attach(kit, closed::incrementAndGet);
        Runnable detach = registry.attach(kit, closed::incrementAndGet);
        detach.run();

        registry.delete("a");

        assertThat(closed).hasValue(1);
        assertThat(kit.state()).isEqualTo(KitState.OFF);
        assertThatThrownBy(kit::powerOn).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> registry.get("a"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.is(ProblemTypes.BOARD_NOT_FOUND)).isTrue());
        // attaching to a deleted board closes at once
        registry.attach(kit, closed::incrementAndGet);
        assertThat(closed).hasValue(2);
    }

    @Test
    void closeStopsEveryKitAndTheSharedThreads() throws Exception {
        registry.create(request("a"));
        registry.create(request("b"));
        VirtualKit a = registry.get("a");
        a.powerOn();

        registry.close();

        assertThat(registry.size()).isZero();
        assertThat(a.state()).isEqualTo(KitState.OFF);
        assertThat(registry.running()).isFalse();
        assertThat(registry.scheduler().awaitTermination(1, TimeUnit.SECONDS)).isTrue();
        assertThat(registry.executor().isShutdown()).isTrue();
        assertThatThrownBy(() -> registry.create(request("c")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.is(ProblemTypes.CONFLICT)).isTrue());
    }

    @Test
    void startupBoardEntries() {
        assertThat(StartupBoards.parse(List.of("emu-1:psoc62_2m_rollback_overwrite:rollback",
                " emu-2:psoc62_2m_ext_swap_single::CY8CKIT-062S2-43012 ", "", "emu-3:psoc62_2m_ext_swap_single"),
                "KIT-X")).containsExactly(
                new CreateBoardRequest("emu-1", "KIT-X", "psoc62_2m_rollback_overwrite", BootloaderKind.ROLLBACK, null),
                new CreateBoardRequest("emu-2", "CY8CKIT-062S2-43012", "psoc62_2m_ext_swap_single", BootloaderKind.MCUBOOT, null),
                new CreateBoardRequest("emu-3", "KIT-X", "psoc62_2m_ext_swap_single", BootloaderKind.MCUBOOT, null));
        assertThatThrownBy(() -> StartupBoards.parseEntry("emu-1", "K"))
                .hasMessageContaining("is not id:flashmap[:bootloader[:kit]]");
        assertThatThrownBy(() -> StartupBoards.parseEntry("emu-1:m:grub", "K"))
                .hasMessage("bootloader must be one of mcuboot|rollback, got 'grub'");
        assertThatThrownBy(() -> StartupBoards.parseEntry("emu 1:m", "K"))
                .hasMessageContaining("id must be");
    }
}
