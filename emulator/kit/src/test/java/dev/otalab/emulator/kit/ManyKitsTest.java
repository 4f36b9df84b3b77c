package dev.otalab.emulator.kit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.labapi.FlashTarget;
import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.labapi.dto.ExpectRequest;
import dev.otalab.labapi.dto.ExpectResult;
import dev.otalab.labapi.dto.ExpectStatus;
import dev.otalab.labapi.dto.ImageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A thousand kits (real MCUboot model) share the fixtures' two scheduler and two CPU threads. */
class ManyKitsTest {

    @Test
    void aThousandKitsBootAndResetOnSharedThreads() throws Exception {
        byte[] wellBehaved = KitFixtures.Img.of("1.0.0", null).primary().bytes();
        byte[] hanging = KitFixtures.Img.of("1.2.0", "{\"hang\":true}").primary().bytes();
        int threadsBefore = Thread.activeCount();
        List<VirtualKit> kits = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                VirtualKit kit = VirtualKit.create(KitFixtures.spec("emu-" + i, "psoc62_2m_ext_overwrite_single",
                        BootloaderKind.MCUBOOT).watchdogMs(100).build());
                kits.add(kit);
                kit.program(FlashTarget.ofArea("primary"), i % 50 == 0 ? hanging : wellBehaved, ImageFormat.BIN);
            }
            List<CompletableFuture<ExpectResult>> resets = new ArrayList<>();
            for (int i = 0; i < kits.size(); i++) {
                VirtualKit kit = kits.get(i);
                kit.powerOn();
                assertThat(kit.state()).isEqualTo(KitState.RUNNING);
                if (i % 50 == 0) {
                    resets.add(kit.expect(new ExpectRequest("Bootloader Started", List.of(), kit.latestSeq(), 5000L)));
                }
            }
            for (CompletableFuture<ExpectResult> r : resets) {
                assertThat(r.get(10, TimeUnit.SECONDS).status()).isEqualTo(ExpectStatus.MATCHED);
            }
            assertThat(Thread.activeCount() - threadsBefore).as("no thread per kit").isLessThan(10);
            long watchdogResets = kits.stream().mapToLong(VirtualKit::watchdogResets).sum();
            assertThat(watchdogResets).isGreaterThanOrEqualTo(20);
            assertThat(kits.get(1).watchdogResets()).isZero();
        } finally {
            kits.forEach(VirtualKit::close);
        }
    }
}
