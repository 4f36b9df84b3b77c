package dev.otalab.emulator.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.emulator.boot.BootConfig.StatusBackend;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Overwrite-only upgrades (mcuboot-boot.md §6), downgrade prevention and bootstrap. */
class OverwriteTest {

    static Stream<Arguments> layouts() {
        return Stream.of(
                rig(() -> BootRig.uniform(1, 0xFF, false, BootConfig.upstream())),
                rig(() -> BootRig.uniform(8, 0x00, false, BootConfig.upstream())),
                rig(() -> BootRig.uniform(8, 0xFF, false, BootConfig.infineon())));
    }

    private static Arguments rig(Supplier<BootRig> factory) {
        return Arguments.of(Named.of(factory.get().name, factory));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void permanentWithFail(Supplier<BootRig> factory) {
        BootRig images = factory.get().withLargestImages();
        BootRig probe = factory.get();
        probe.imageA = images.imageA;
        probe.imageB = images.imageB;
        long n = probe.installA().installB(false).countBoot();
        // 16 sector erases, 64 chunk writes, 2 erases of the secondary
        assertThat(n).isEqualTo(16 + 64 + 2);
        for (long i = 1; i < n; i++) {
            BootRig r = factory.get();
            r.imageA = images.imageA;
            r.imageB = images.imageB;
            r.installA().installB(i % 2 == 0);
            r.bootInterruptedAt(i);
            BootOutcome o = r.boot();
            assertThat(o.booted()).as("%s after a cut at %d", r, i).isTrue();
            r.assertPrimaryHolds(r.imageB);
            assertThat(r.boot().swapType()).isEqualTo(SwapType.NONE);
            r.assertPrimaryHolds(r.imageB);
        }
    }

    @Test
    void upstreamLogLinesAndResult() {
        BootRig r = BootRig.uniform(8, 0xFF, false, BootConfig.upstream()).withLargestImages().installA().installB(false);
        BootLog.Recorder log = BootLog.recorder();
        BootOutcome o = r.boot(log);
        assertThat(log.tagged()).containsExactly(
                "[INF] Image index: 0, Swap type: test",
                "[INF] Image 0 upgrade secondary slot -> primary slot",
                "[INF] Erasing the primary slot",
                "[INF] Image 0 copying the secondary slot to the primary slot: 0x10000 bytes");
        assertThat(o.swapType()).isEqualTo(SwapType.TEST);
        assertThat(o.jumpAddress()).isEqualTo(0x1000_0020L);
        assertThat(o.image().version().toShortString()).isEqualTo("2.0.0");
        r.assertPrimaryHolds(r.imageB);
        FlashRegion s = r.boot.secondaryRegion();
        assertThat(s.isErased(0, 0x1000)).as("secondary header sector scrambled").isTrue();
        assertThat(s.isErased(s.size() - 0x1000, 0x1000)).as("secondary trailer sector scrambled").isTrue();
        // overwrite never reverts
        log.clear();
        assertThat(r.boot(log).swapType()).isEqualTo(SwapType.NONE);
        assertThat(log.tagged()).containsExactly("[INF] Image index: 0, Swap type: none");
    }

    @Test
    void cypressLogLines() {
        BootRig r = BootRig.uniform(8, 0xFF, false, BootConfig.infineon()).withLargestImages().installA().installB(true);
        BootLog.Recorder log = BootLog.recorder();
        r.boot(log);
        assertThat(log.tagged()).containsExactly(
                "[INF] boot_swap_type_multi: Primary image: magic=good, swap_type=0x1, copy_done=0x3, image_ok=0x1",
                "[INF] boot_swap_type_multi: Secondary image: magic=good, swap_type=0x3, copy_done=0x3, image_ok=0x1",
                "[INF] Swap type: perm",
                "[INF] Image upgrade secondary slot -> primary slot",
                "[INF] Erasing the primary slot",
                "[INF] Copying the secondary slot to the primary slot: 0x10000 bytes");
    }

    @Test
    void downgradeIsRefusedWhenConfigured() {
        for (LogStyle style : LogStyle.values()) {
            BootConfig cfg = BootConfig.upstream().withLogStyle(style).withDowngradePrevention(true);
            BootRig r = BootRig.uniform(8, 0xFF, false, cfg);
            r.imageA = r.image("2.0.0", r.maxImage(), 1);
            r.imageB = r.image("1.9.9", r.maxImage() - 80, 2);
            r.installA().installB(true);
            BootLog.Recorder log = BootLog.recorder();
            BootOutcome o = r.boot(log);
            assertThat(o.booted()).isTrue();
            assertThat(o.swapType()).isEqualTo(SwapType.NONE);
            assertThat(log.messages(BootLog.Level.ERROR)).containsExactly(style == LogStyle.CYPRESS
                    ? "insufficient version in secondary slot" : "Insufficient version in secondary slot");
            r.assertPrimaryHolds(r.imageA);
            FlashRegion s = r.boot.secondaryRegion();
            assertThat(s.isErased(0, s.size())).isTrue();
        }
    }

    @Test
    void downgradeIsInstalledWithoutPrevention() {
        BootRig r = BootRig.uniform(8, 0xFF, false, BootConfig.upstream());
        r.imageA = r.image("2.0.0", r.maxImage(), 1);
        r.imageB = r.image("1.9.9", r.maxImage() - 80, 2);
        r.installA().installB(true);
        assertThat(r.boot().swapType()).isEqualTo(SwapType.PERM);
        r.assertPrimaryHolds(r.imageB);
    }

    @Test
    void sameVersionIsNotADowngrade() {
        BootConfig cfg = BootConfig.upstream().withDowngradePrevention(true);
        BootRig r = BootRig.uniform(8, 0xFF, false, cfg);
        r.imageA = r.image("2.0.0", r.maxImage(), 1);
        r.imageB = r.image("2.0.0", r.maxImage() - 80, 2);
        r.installA().installB(true);
        assertThat(r.boot().swapType()).isEqualTo(SwapType.PERM);
        r.assertPrimaryHolds(r.imageB);
    }

    @Test
    void badSecondaryAndOversizedSecondaryAreErased() {
        BootRig r = BootRig.uniform(8, 0xFF, false, BootConfig.upstream()).withLargestImages().installA();
        r.imageB = r.image("2.0.0", r.maxImage() + 8, 2);
        r.installB(true);
        BootLog.Recorder log = BootLog.recorder();
        assertThat(r.boot(log).swapType()).isEqualTo(SwapType.NONE);
        assertThat(log.messages(BootLog.Level.ERROR)).containsExactly("Image in the secondary slot is not valid!");
        r.assertPrimaryHolds(r.imageA);
        assertThat(r.boot.secondaryRegion().isErased(0, 0x10000)).isTrue();
    }

    @Test
    void invalidPrimaryIsReportedAndNotBooted() {
        BootRig r = BootRig.uniform(8, 0xFF, false, BootConfig.upstream()).withLargestImages().installA();
        FlashRegion p = r.boot.primaryRegion();
        p.program(0x100, new byte[] {(byte) ~p.read(0x100, 1)[0]});
        BootLog.Recorder log = BootLog.recorder();
        BootOutcome o = r.boot(log);
        assertThat(o.status()).isEqualTo(BootOutcome.Status.NO_BOOTABLE_IMAGE);
        assertThat(log.messages(BootLog.Level.ERROR)).containsExactly("Image in the primary slot is not valid!");
        assertThat(p.isErased(0, 4)).as("the primary is left in place").isFalse();
    }

    @Test
    void withoutPrimaryValidationOnlyTheMagicIsChecked() {
        BootConfig noValidation = BootConfig.upstream().withValidatePrimary(false);
        BootRig r = BootRig.uniform(8, 0xFF, false, noValidation).withLargestImages().installA();
        FlashRegion p = r.boot.primaryRegion();
        p.program(0x100, new byte[] {(byte) ~p.read(0x100, 1)[0]});
        assertThat(r.boot().status()).isEqualTo(BootOutcome.Status.BOOT);

        for (LogStyle style : LogStyle.values()) {
            BootRig empty = BootRig.uniform(8, 0xFF, false, noValidation.withLogStyle(style));
            BootLog.Recorder log = BootLog.recorder();
            assertThat(empty.boot(log).status()).isEqualTo(BootOutcome.Status.NO_BOOTABLE_IMAGE);
            assertThat(log.messages(BootLog.Level.ERROR)).containsExactly(style == LogStyle.CYPRESS
                    ? "bad image magic 0xffffffff; Image=0" : "Bad image magic 0xffffffff; Image=0");
        }
    }

    @Test
    void bootstrapCopiesAValidSecondaryIntoAnEmptyPrimary() {
        BootRig plain = BootRig.uniform(8, 0xFF, false, BootConfig.upstream()).withLargestImages();
        plain.program(plain.boot.secondaryRegion(), plain.imageB);
        assertThat(plain.boot().status()).isEqualTo(BootOutcome.Status.NO_BOOTABLE_IMAGE);

        BootRig r = BootRig.uniform(8, 0xFF, false, BootConfig.upstream().withBootstrap(true)).withLargestImages();
        r.program(r.boot.secondaryRegion(), r.imageB);
        BootOutcome o = r.boot();
        assertThat(o.booted()).isTrue();
        assertThat(o.swapType()).isEqualTo(SwapType.REVERT);
        r.assertPrimaryHolds(r.imageB);
    }

    @Test
    void bootstrapInSwapModeWithTheStatusPartition() {
        BootRig r = BootRig.split(BootConfig.infineon().withBootstrap(true)).withLargestImages();
        r.program(r.boot.secondaryRegion(), r.imageB);
        BootLog.Recorder log = BootLog.recorder();
        BootOutcome o = r.boot(log);
        assertThat(o.booted()).as(log.tagged().toString()).isTrue();
        r.assertPrimaryHolds(r.imageB);
        assertThat(r.primaryTriple()).isEqualTo("1,1,1");
        assertThat(r.boot().swapType()).isEqualTo(SwapType.NONE);
        r.assertPrimaryHolds(r.imageB);

        BootRig inSlot = BootRig.split(BootConfig.infineon().withBootstrap(true)
                .withStatusBackend(StatusBackend.IN_SLOT)).withLargestImages();
        inSlot.program(inSlot.boot.secondaryRegion(), inSlot.imageB);
        assertThat(inSlot.boot().booted()).isTrue();
        inSlot.assertPrimaryHolds(inSlot.imageB);
        assertThat(inSlot.boot().swapType()).isEqualTo(SwapType.NONE);
    }
}
