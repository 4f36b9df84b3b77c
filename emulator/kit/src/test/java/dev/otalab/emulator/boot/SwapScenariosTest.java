package dev.otalab.emulator.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.emulator.boot.BootConfig.StatusBackend;
import dev.otalab.emulator.flash.FlashDevice;
import dev.otalab.emulator.flash.FlashAddressSpace;
import dev.otalab.emulator.flash.FlashGeometry;
import dev.otalab.emulator.flash.PowerFailInjector;
import dev.otalab.mcuboot.keys.McubootKey;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The simulator's scenario tests (mcuboot-boot.md §13.4) on the swap layouts. */
class SwapScenariosTest {

    static Stream<Arguments> layouts() {
        return SwapInterruptionTest.layouts();
    }

    static Stream<Arguments> inSlotLayouts() {
        return layouts().filter(a -> !((Named<?>) a.get()[0]).getName().contains("PARTITION"));
    }

    private static BootRig rig(Supplier<BootRig> factory) {
        return factory.get().withLargestImages();
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void basicRevert(Supplier<BootRig> factory) {
        for (int boots = 2; boots <= 4; boots++) {
            BootRig r = rig(factory).installA().installB(false);
            assertThat(r.boot().swapType()).isEqualTo(SwapType.TEST);
            r.assertPrimaryHolds(r.imageB);
            assertThat(r.boot().swapType()).isEqualTo(SwapType.REVERT);
            for (int k = 3; k <= boots; k++) {
                assertThat(r.boot().swapType()).isEqualTo(SwapType.NONE);
            }
            r.assertPrimaryHolds(r.imageA);
            r.assertSecondaryHolds(r.imageB);
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void noRevertAfterConfirm(Supplier<BootRig> factory) {
        BootRig r = rig(factory).installA().installB(false);
        assertThat(r.boot().booted()).isTrue();
        r.assertPrimaryHolds(r.imageB);
        assertThat(r.primaryTriple()).isEqualTo("1,3,1");
        assertThat(r.boot.slots().get(0).confirmed()).as("test image not yet confirmed").isFalse();
        assertThat(r.boot.setConfirmed()).isTrue();
        assertThat(r.primaryTriple()).isEqualTo("1,1,1");
        assertThat(r.boot.slots().get(0).confirmed()).isTrue();
        BootOutcome o = r.boot();
        assertThat(o.swapType()).isEqualTo(SwapType.NONE);
        r.assertPrimaryHolds(r.imageB);
        assertThat(r.primaryTriple()).isEqualTo("1,1,1");
        assertThat(r.boot().swapType()).isEqualTo(SwapType.NONE);
        r.assertPrimaryHolds(r.imageB);
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void infineonConfirmAlsoKeepsTheImage(Supplier<BootRig> factory) {
        BootRig r = rig(factory).installA().installB(false);
        r.boot();
        r.boot.confirmPrimary();
        assertThat(r.boot().swapType()).isEqualTo(SwapType.NONE);
        r.assertPrimaryHolds(r.imageB);
        assertThat(r.primaryTriple()).isEqualTo("1,1,1");
    }

    @ParameterizedTest
    @MethodSource("inSlotLayouts")
    void noRevertWithOnlyAPrimaryMagic(Supplier<BootRig> factory) {
        BootRig r = rig(factory).installBareA();
        FlashRegion p = r.boot.primaryRegion();
        p.program(p.size() - 16, new TrailerFormat(8).magic());
        r.power.resetOperationCount();
        BootOutcome o = r.boot();
        assertThat(o.booted()).isTrue();
        assertThat(o.swapType()).isEqualTo(SwapType.NONE);
        assertThat(r.power.operationCount()).isZero();
        r.assertPrimaryHolds(r.imageA);
        assertThat(r.primaryTriple()).isEqualTo("1,3,3");
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void badlySignedSecondaryIsRefusedAndErased(Supplier<BootRig> factory) {
        BootRig r = rig(factory).installA();
        McubootKey stranger = McubootKey.generate(r.key.type());
        r.imageB = r.image("2.0.0", r.imageA.length - 64, 7, stranger);
        r.installB(true);
        BootLog.Recorder log = BootLog.recorder();
        BootOutcome o = r.boot(log);
        assertThat(o.booted()).isTrue();
        assertThat(o.swapType()).isEqualTo(SwapType.NONE);
        assertThat(log.messages(BootLog.Level.ERROR)).containsExactly("Image in the secondary slot is not valid!");
        r.assertPrimaryHolds(r.imageA);
        FlashRegion s = r.boot.secondaryRegion();
        assertThat(s.isErased(0, s.size())).as("secondary erased").isTrue();
        if (!r.name.contains("PARTITION")) {
            assertThat(r.primaryTriple()).isEqualTo("1,1,3");
        }
        // the fork leaves the imported magic in the partition until the next boot clears it
        assertThat(r.boot().swapType()).isEqualTo(SwapType.NONE);
        assertThat(r.secondaryTriple()).isEqualTo("3,3,3");
        r.assertPrimaryHolds(r.imageA);
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void leftoverTrailerIsErased(Supplier<BootRig> factory) {
        BootRig r = rig(factory).installA();
        r.boot.setPending(true); // a trailer, but no image
        assertThat(r.boot.pendingSwapType()).isEqualTo(SwapType.PERM);
        BootOutcome o = r.boot();
        assertThat(o.swapType()).isEqualTo(SwapType.NONE);
        r.assertPrimaryHolds(r.imageA);
        assertThat(r.secondaryTriple()).isEqualTo("3,3,3");
        FlashRegion s = r.boot.secondaryRegion();
        assertThat(s.isErased(s.size() - 48, 48)).as("secondary trailer bytes erased").isTrue();
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void oversizedSecondaryIsNotInstalled(Supplier<BootRig> factory) {
        BootRig r = rig(factory).installA();
        int w = r.boot.primaryRegion().align();
        r.imageB = r.image("2.0.0", r.maxImage() + Math.max(w, 8), 3);
        r.installB(true);
        BootLog.Recorder log = BootLog.recorder();
        BootOutcome o = r.boot(log);
        assertThat(o.booted()).isTrue();
        assertThat(o.swapType()).isEqualTo(SwapType.NONE);
        assertThat(log.messages(BootLog.Level.ERROR)).containsExactly("Image in the secondary slot is not valid!");
        r.assertPrimaryHolds(r.imageA);
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void largestImageIsInstalled(Supplier<BootRig> factory) {
        BootRig r = rig(factory).installA();
        r.imageB = r.image("2.0.0", r.maxImage(), 3);
        r.installB(true);
        assertThat(r.boot().swapType()).isEqualTo(SwapType.PERM);
        r.assertPrimaryHolds(r.imageB);
        r.assertSecondaryHolds(r.imageA);
    }

    @Test
    void statusWriteFailuresDoNotStopTheUpgrade() {
        BootRig r = BootRig.uniform(8, 0xFF, true, BootConfig.upstream()).withLargestImages().installA().installB(true);
        FlashRegion p = r.boot.primaryRegion();
        InSlotStatusStore store = (InSlotStatusStore) r.boot.store();
        long statusOff = store.statusOff(TrailerArea.PRIMARY);
        FlashDevice dev = p.device();
        dev.addBadRegion(p.address() - 0x1000_0000L + statusOff, 3L * 8 * 32);
        BootLog.Recorder log = BootLog.recorder();
        BootOutcome o = r.boot(log);
        assertThat(o.booted()).isTrue();
        assertThat(o.swapType()).isEqualTo(SwapType.PERM);
        r.assertPrimaryHolds(r.imageB);
        assertThat(log.messages(BootLog.Level.WARNING)).singleElement().asString()
                .endsWith(" status write fails performing the swap");
        dev.clearBadRegions();
        assertThat(r.boot().swapType()).isEqualTo(SwapType.NONE);
        r.assertPrimaryHolds(r.imageB);
    }

    @Test
    void unequalSlotsAreRefusedWithTheUpstreamWarning() {
        PowerFailInjector power = new PowerFailInjector();
        FlashDevice flash = new FlashDevice("flash", FlashGeometry.uniform(0x40000, 0x1000, 8, 0xFF), power);
        FlashAddressSpace space = new FlashAddressSpace().map(0x1000_0000L, flash);
        BootLayout unequal = BootLayout.swap(new BootLayout.Area("primary", 0x1000_0000L, 0x10000),
                new BootLayout.Area("secondary", 0x1001_0000L, 0xF000),
                new BootLayout.Area("scratch", 0x1002_0000L, 0x1000), null, 32);
        Mcuboot m = new Mcuboot(unequal, space, List.of(BootRig.ED25519.publicOnly()), BootConfig.upstream());
        BootLog.Recorder log = BootLog.recorder();
        BootOutcome o = m.boot(log);
        assertThat(o.status()).isEqualTo(BootOutcome.Status.NO_BOOTABLE_IMAGE);
        assertThat(log.messages(BootLog.Level.WARNING)).containsExactly("Cannot upgrade: slots are not compatible");
    }

    @Test
    void scratchSmallerThanASectorGroupIsRefused() {
        PowerFailInjector power = new PowerFailInjector();
        FlashDevice a = new FlashDevice("a", FlashGeometry.uniform(0x40000, 0x1000, 8, 0xFF), power);
        FlashDevice b = new FlashDevice("b", FlashGeometry.uniform(0x40000, 0x4000, 8, 0xFF), power);
        FlashAddressSpace space = new FlashAddressSpace().map(0x1000_0000L, a).map(0x1800_0000L, b);
        BootLayout layout = BootLayout.swap(new BootLayout.Area("primary", 0x1000_0000L, 0x10000),
                new BootLayout.Area("secondary", 0x1800_0000L, 0x10000),
                new BootLayout.Area("scratch", 0x1002_0000L, 0x2000), null, 32);
        Mcuboot m = new Mcuboot(layout, space, List.of(BootRig.ED25519.publicOnly()), BootConfig.upstream());
        BootLog.Recorder log = BootLog.recorder();
        m.boot(log);
        assertThat(log.messages(BootLog.Level.WARNING))
                .containsExactly("Cannot upgrade: not all sectors fit inside scratch");
    }

    @Test
    void statusBackendIsChosenFromTheLayout() {
        BootRig partition = BootRig.split(BootConfig.infineon());
        assertThat(partition.boot.statusBackend()).startsWith("swap-status partition");
        BootRig inSlot = BootRig.split(BootConfig.infineon().withStatusBackend(StatusBackend.IN_SLOT));
        assertThat(inSlot.boot.statusBackend()).startsWith("in-slot trailers");
    }
}
