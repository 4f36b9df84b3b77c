package dev.otalab.emulator.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.emulator.boot.BootConfig.StatusBackend;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MCUboot's simulator tests "permanent with fail", "permanent with random fails" and "revert with
 * fail" (mcuboot-boot.md §13.4) on small swap layouts, interrupting the boot before every single
 * flash operation.
 */
class SwapInterruptionTest {

    static Stream<Arguments> layouts() {
        BootConfig up = BootConfig.upstream();
        return Stream.of(
                rig(() -> BootRig.uniform(1, 0xFF, true, up)),
                rig(() -> BootRig.uniform(8, 0x00, true, up)),
                rig(() -> BootRig.uniform(8, 0xFF, true, up)),
                rig(() -> BootRig.uniform(1, 0x00, true, up)),
                rig(() -> BootRig.split(BootConfig.infineon().withStatusBackend(StatusBackend.IN_SLOT))),
                rig(() -> BootRig.split(BootConfig.infineon().withStatusBackend(StatusBackend.PARTITION))));
    }

    private static Arguments rig(Supplier<BootRig> factory) {
        return Arguments.of(Named.of(factory.get().name, factory));
    }

    /** A fresh rig holding the given images. */
    private static BootRig fresh(Supplier<BootRig> factory, BootRig images) {
        BootRig r = factory.get();
        r.imageA = images.imageA;
        r.imageB = images.imageB;
        return r;
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void permanentWithFail(Supplier<BootRig> factory) {
        BootRig images = factory.get().withLargestImages();
        long n = fresh(factory, images).installA().installB(true).countBoot();
        assertThat(n).isGreaterThan(50);
        for (long i = 1; i < n; i++) {
            BootRig r = fresh(factory, images).installA().installB(true);
            r.bootInterruptedAt(i);
            BootOutcome o = r.boot();
            assertThat(o.booted()).as("%s: boot after a cut at op %d of %d", r, i, n).isTrue();
            assertUpgraded(r, "cut at " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void permanentWithRandomFails(Supplier<BootRig> factory) {
        BootRig images = factory.get().withLargestImages();
        long n = fresh(factory, images).installA().installB(true).countBoot();
        Random random = new Random(42);
        for (int trial = 0; trial < 20; trial++) {
            BootRig r = fresh(factory, images).installA().installB(true);
            long remaining = n;
            int cuts = 1 + random.nextInt(5);
            StringBuilder where = new StringBuilder();
            for (int c = 0; c < cuts && remaining > 2; c++) {
                long at = 1 + random.nextInt((int) Math.max(1, remaining / 2));
                r.bootInterruptedAt(at);
                where.append(at).append(' ');
                remaining -= at - 1;
            }
            assertThat(r.boot().booted()).isTrue();
            assertUpgraded(r, "cuts at " + where);
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void revertWithFail(Supplier<BootRig> factory) {
        BootRig images = factory.get().withLargestImages();
        BootRig probe = fresh(factory, images).installA().installB(false);
        long n1 = probe.countBoot();
        long n2 = probe.countBoot(); // the revert
        assertThat(n2).isGreaterThan(50);
        for (long i = 1; i < n1; i++) {
            BootRig r = fresh(factory, images).installA().installB(false);
            r.bootInterruptedAt(i);
            assertThat(r.boot().booted()).isTrue();
            r.assertPrimaryHolds(r.imageB);
            r.assertSecondaryHolds(r.imageA);
            assertThat(r.primaryTriple()).as("%s after test swap (cut at %d)", r, i).isEqualTo("1,3,1");
            assertThat(r.secondaryTriple()).as("%s after test swap (cut at %d)", r, i).isEqualTo("3,3,3");
            if (i < n2) {
                r.bootInterruptedAt(i);
            }
            BootOutcome o = r.boot();
            assertThat(o.booted()).isTrue();
            r.assertPrimaryHolds(r.imageA);
            r.assertSecondaryHolds(r.imageB);
            assertThat(r.primaryTriple()).as("%s after revert (cut at %d)", r, i).isEqualTo("1,1,1");
            assertThat(r.secondaryTriple()).as("%s after revert (cut at %d)", r, i).isEqualTo("3,3,3");
            r.power.resetOperationCount();
            assertThat(r.boot().swapType()).isEqualTo(SwapType.NONE);
            assertThat(r.power.operationCount()).as("a boot after the revert writes nothing").isZero();
            r.assertPrimaryHolds(r.imageA);
        }
    }

    static void assertUpgraded(BootRig r, String what) {
        r.assertPrimaryHolds(r.imageB);
        r.assertSecondaryHolds(r.imageA);
        assertThat(r.primaryTriple()).as("%s primary trailer, %s", r, what).isEqualTo("1,1,1");
        assertThat(r.secondaryTriple()).as("%s secondary trailer, %s", r, what).isEqualTo("3,3,3");
    }
}
