package dev.otalab.emulator.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.mcuboot.flashmap.UpgradeMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every project flashmap: a model can be built on it and installs, reverts and keeps images. */
class AllFlashmapsTest {

    @ParameterizedTest
    @ValueSource(strings = {"psoc62_2m_ext_overwrite_single.json", "psoc62_2m_ext_swap_single.json",
            "psoc62_2m_rollback_overwrite.json", "psoc62_2m_rollback_swap.json", "psoc62_512k_xip_swap_single.json",
            "xmc7200_int_overwrite_single.json", "xmc7200_int_swap_single.json"})
    void upgradeOnEveryMap(String file) {
        BootRig r = BootRig.flashmap(file, BootConfig.infineon());
        r.imageA = r.image("1.0.0", 0x30000, 1);
        r.imageB = r.image("1.1.0", 0x28000, 2);
        r.installBareA();
        r.program(r.boot.secondaryRegion(), r.imageB);
        r.boot.setPending(false);
        BootOutcome o = r.boot();
        assertThat(o.booted()).as(file).isTrue();
        assertThat(o.swapType()).isEqualTo(SwapType.TEST);
        assertThat(o.jumpAddress()).isEqualTo(r.layout.primary().address() + 0x400);
        r.assertPrimaryHolds(r.imageB);
        if (r.layout.mode() == UpgradeMode.SWAP_SCRATCH) {
            r.assertSecondaryHolds(r.imageA);
            assertThat(r.boot().swapType()).isEqualTo(SwapType.REVERT);
            r.assertPrimaryHolds(r.imageA);
            r.assertSecondaryHolds(r.imageB);
            r.boot.setPending(true);
            assertThat(r.boot().swapType()).isEqualTo(SwapType.PERM);
            assertThat(r.boot().swapType()).isEqualTo(SwapType.NONE);
            r.assertPrimaryHolds(r.imageB);
            assertThat(r.primaryTriple()).isEqualTo("1,1,1");
        } else {
            assertThat(r.boot().swapType()).isEqualTo(SwapType.NONE);
            r.assertPrimaryHolds(r.imageB);
        }
    }
}
