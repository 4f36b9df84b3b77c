package dev.otalab.emulator.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.emulator.boot.BootConfig.StatusBackend;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The project's PSoC 6 flashmaps: internal primary (512-byte rows, erased 0x00), external
 * secondary at {@code …0200} and scratch (256 KB sectors, erased 0xFF), 1.75 MB slots, header
 * 0x400, ECDSA P-256, CYPRESS strings. Interruptions are sampled (a full swap is ~10 000
 * operations).
 */
class Psoc6FlashmapTest {

    private static final String CE_SWAP = "psoc62_2m_ext_swap_single.json";
    private static final String CE_OVERWRITE = "psoc62_2m_ext_overwrite_single.json";
    private static final String RB_SWAP = "psoc62_2m_rollback_swap.json";
    private static final String RB_OVERWRITE = "psoc62_2m_rollback_overwrite.json";

    /** Shared images per map (signing 1.75 MB images takes a moment). */
    private static BootRig withImages(Supplier<BootRig> factory, BootRig images) {
        BootRig r = factory.get();
        r.imageA = images.imageA;
        r.imageB = images.imageB;
        return r;
    }

    /** What the OTA code example does: image A programmed, B downloaded, TEST requested by the agent. */
    private static BootRig downloaded(BootRig r, boolean permanent) {
        r.installBareA();
        r.program(r.boot.secondaryRegion(), r.imageB);
        r.boot.requestUpgrade(permanent);
        r.power.resetOperationCount();
        return r;
    }

    @Test
    void ceSwapMapTestUpgradeRevertAndConfirmWithExactLines() {
        BootRig r = BootRig.flashmap(CE_SWAP, BootConfig.infineon()).withLargestImages();
        assertThat(r.boot.statusBackend()).startsWith("swap-status partition");
        assertThat(r.boot.maxImageSectors()).isEqualTo(3584);
        assertThat(r.boot.maxImageSize()).isEqualTo(0x1C0000 - 0x200);
        downloaded(r, false);

        List<SlotInfo> before = r.boot.slots();
        assertThat(before.get(1).pending()).isTrue();
        assertThat(before.get(1).permanent()).isFalse();
        assertThat(before.get(0).active()).isTrue();

        BootLog.Recorder log = BootLog.recorder();
        BootOutcome o = r.boot(log);
        String unset = "magic=unset, swap_type=0x1, copy_done=0x3, image_ok=0x3";
        assertThat(log.tagged()).containsExactly(
                "[INF] Primary image: " + unset,
                "[INF] Scratch: " + unset,
                "[INF] Boot source: primary slot",
                "[INF] boot_swap_type_multi: Primary image: " + unset,
                "[INF] boot_swap_type_multi: Secondary image: magic=good, swap_type=0x1, copy_done=0x3, image_ok=0x3",
                "[INF] Swap type: test",
                "[INF] Starting swap using scratch algorithm.");
        assertThat(o.booted()).isTrue();
        assertThat(o.swapType()).isEqualTo(SwapType.TEST);
        assertThat(o.jumpAddress()).isEqualTo(0x1002_8400L);
        assertThat(o.image().version().toShortString()).isEqualTo("2.0.0");
        r.assertPrimaryHolds(r.imageB);
        r.assertSecondaryHolds(r.imageA);

        List<SlotInfo> after = r.boot.slots();
        assertThat(after.get(0).version().toShortString()).isEqualTo("2.0.0");
        assertThat(after.get(0).flags()).isEqualTo("bootable active");
        assertThat(after.get(1).flags()).isEqualTo("bootable confirmed");

        // not confirmed: the next boot reverts
        log.clear();
        o = r.boot(log);
        assertThat(log.tagged()).containsExactly(
                "[INF] Primary image: magic=good, swap_type=0x2, copy_done=0x1, image_ok=0x3",
                "[INF] Scratch: " + unset,
                "[INF] Boot source: none",
                "[INF] boot_swap_type_multi: Primary image: magic=good, swap_type=0x2, copy_done=0x1, image_ok=0x3",
                "[INF] boot_swap_type_multi: Secondary image: " + unset,
                "[INF] Swap type: revert",
                "[INF] Starting swap using scratch algorithm.");
        assertThat(o.swapType()).isEqualTo(SwapType.REVERT);
        r.assertPrimaryHolds(r.imageA);
        log.clear();
        r.power.resetOperationCount();
        assertThat(r.boot(log).swapType()).isEqualTo(SwapType.NONE);
        assertThat(r.power.operationCount()).isZero();
        assertThat(log.tagged()).containsExactly(
                "[INF] Primary image: magic=good, swap_type=0x4, copy_done=0x1, image_ok=0x1",
                "[INF] Scratch: " + unset,
                "[INF] Boot source: none",
                "[INF] boot_swap_type_multi: Primary image: magic=good, swap_type=0x4, copy_done=0x1, image_ok=0x1",
                "[INF] boot_swap_type_multi: Secondary image: " + unset,
                "[INF] Swap type: none");

        // a new download, confirmed by the app this time: stays
        r.boot.secondaryRegion().erase(0, r.boot.secondaryRegion().size(), false);
        r.program(r.boot.secondaryRegion(), r.imageB);
        r.boot.requestUpgrade(false);
        assertThat(r.boot().swapType()).isEqualTo(SwapType.TEST);
        r.power.resetOperationCount();
        r.boot.confirmPrimary();
        assertThat(r.power.operationCount()).as("two row read-modify-writes").isEqualTo(4);
        assertThat(r.boot.slots().get(0).confirmed()).isTrue();
        assertThat(r.boot().swapType()).isEqualTo(SwapType.NONE);
        r.assertPrimaryHolds(r.imageB);
        assertThat(r.primaryTriple()).isEqualTo("1,1,1");
    }

    @Test
    void ceSwapMapPermanentUpgradeSurvivesSampledPowerCuts() {
        sampledPermanentWithFail(() -> BootRig.flashmap(CE_SWAP, BootConfig.infineon()), 30);
    }

    @Test
    void ceSwapMapWithInSlotTrailersSurvivesSampledPowerCuts() {
        sampledPermanentWithFail(() -> BootRig.flashmap(CE_SWAP,
                BootConfig.infineon().withStatusBackend(StatusBackend.IN_SLOT)), 20);
    }

    @Test
    void rollbackSwapMapRevertSurvivesSampledPowerCuts() {
        Supplier<BootRig> factory = () -> BootRig.flashmap(RB_SWAP, BootConfig.infineon());
        BootRig images = factory.get().withLargestImages();
        BootRig probe = downloaded(withImages(factory, images), false);
        long n1 = probe.countBoot();
        long n2 = probe.countBoot();
        for (long i : sample(Math.min(n1, n2), 12, 7)) {
            BootRig r = downloaded(withImages(factory, images), false);
            r.bootInterruptedAt(i);
            assertThat(r.boot().swapType()).isIn(SwapType.TEST, SwapType.NONE);
            r.assertPrimaryHolds(r.imageB);
            assertThat(r.primaryTriple()).isEqualTo("1,3,1");
            r.bootInterruptedAt(i);
            assertThat(r.boot().booted()).isTrue();
            r.assertPrimaryHolds(r.imageA);
            r.assertSecondaryHolds(r.imageB);
            assertThat(r.primaryTriple()).isEqualTo("1,1,1");
            assertThat(r.secondaryTriple()).isEqualTo("3,3,3");
        }
    }

    @Test
    void ceOverwriteMapWithExactLinesAndSampledPowerCuts() {
        Supplier<BootRig> factory = () -> BootRig.flashmap(CE_OVERWRITE, BootConfig.infineon());
        BootRig images = factory.get().withLargestImages();
        BootRig r = downloaded(withImages(factory, images), false);
        assertThat(r.boot.maxImageSize()).isEqualTo(0x1C0000 - 40);
        BootLog.Recorder log = BootLog.recorder();
        r.power.resetOperationCount();
        BootOutcome o = r.boot(log);
        long n = r.power.operationCount();
        assertThat(log.tagged()).containsExactly(
                "[INF] boot_swap_type_multi: Primary image: magic=unset, swap_type=0x1, copy_done=0x3, image_ok=0x3",
                "[INF] boot_swap_type_multi: Secondary image: magic=good, swap_type=0x2, copy_done=0x3, image_ok=0x3",
                "[INF] Swap type: test",
                "[INF] Image upgrade secondary slot -> primary slot",
                "[INF] Erasing the primary slot",
                "[INF] Copying the secondary slot to the primary slot: 0x1c0000 bytes");
        assertThat(o.jumpAddress()).isEqualTo(0x1001_8400L);
        assertThat(n).as("3584 row erases, 1792 chunk writes, 2 sector erases").isEqualTo(3584 + 1792 + 2);
        r.assertPrimaryHolds(r.imageB);
        assertThat(r.boot().swapType()).isEqualTo(SwapType.NONE);

        for (long i : sample(n, 25, 3)) {
            BootRig c = downloaded(withImages(factory, images), true);
            c.bootInterruptedAt(i);
            assertThat(c.boot().booted()).as("cut at %d", i).isTrue();
            c.assertPrimaryHolds(c.imageB);
        }
    }

    @Test
    void rollbackOverwriteMapRefusesADowngrade() {
        BootRig r = BootRig.flashmap(RB_OVERWRITE, BootConfig.infineon().withDowngradePrevention(true));
        r.imageA = r.image("2.0.0", 0x40000, 1);
        r.imageB = r.image("1.0.0", 0x30000, 2);
        downloaded(r, true);
        BootLog.Recorder log = BootLog.recorder();
        BootOutcome o = r.boot(log);
        assertThat(o.booted()).isTrue();
        assertThat(log.messages(BootLog.Level.ERROR)).containsExactly("insufficient version in secondary slot");
        r.assertPrimaryHolds(r.imageA);
        assertThat(r.boot.secondaryRegion().isErased(0, 0x30000)).isTrue();
    }

    private static void sampledPermanentWithFail(Supplier<BootRig> factory, int samples) {
        BootRig images = factory.get().withLargestImages();
        long n = downloaded(withImages(factory, images), true).countBoot();
        assertThat(n).isGreaterThan(5000);
        for (long i : sample(n, samples, 11)) {
            BootRig r = downloaded(withImages(factory, images), true);
            r.bootInterruptedAt(i);
            BootOutcome o = r.boot();
            assertThat(o.booted()).as("%s after a cut at %d of %d", r, i, n).isTrue();
            SwapInterruptionTest.assertUpgraded(r, "cut at " + i + " of " + n);
        }
    }

    /** The first and last three operations, an even stride, and a few random ones, in 1..n-1. */
    static TreeSet<Long> sample(long n, int stride, long seed) {
        TreeSet<Long> out = new TreeSet<>();
        for (long i = 1; i <= 3; i++) {
            out.add(i);
            out.add(n - i);
        }
        for (int k = 0; k < stride; k++) {
            out.add(1 + k * (n - 1) / stride);
        }
        Random random = new Random(seed);
        for (int k = 0; k < 5; k++) {
            out.add(1 + (long) (random.nextDouble() * (n - 1)));
        }
        out.removeIf(i -> i < 1 || i >= n);
        return out;
    }
}
