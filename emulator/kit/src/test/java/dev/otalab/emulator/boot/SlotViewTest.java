package dev.otalab.emulator.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** mcumgr-style image list of both slots. */
class SlotViewTest {

    @Test
    void lifecycleFlags() {
        BootRig r = BootRig.uniform(8, 0xFF, true, BootConfig.upstream()).withLargestImages();
        List<SlotInfo> empty = r.boot.slots();
        assertThat(empty).extracting(SlotInfo::present).containsExactly(false, false);
        assertThat(empty.get(0).flags()).isEmpty();

        r.installA().installB(true);
        long ops = r.power.operationCount();
        List<SlotInfo> pending = r.boot.slots();
        assertThat(r.power.operationCount()).as("the view writes nothing").isEqualTo(ops);
        assertThat(pending.get(0).version().toShortString()).isEqualTo("1.0.0");
        assertThat(pending.get(0).flags()).isEqualTo("bootable confirmed active");
        assertThat(pending.get(1).version().toShortString()).isEqualTo("2.0.0");
        assertThat(pending.get(1).flags()).isEqualTo("bootable pending permanent");
        String hashB = pending.get(1).hash();
        assertThat(hashB).hasSize(64);
        assertThat(HexFormat.of().parseHex(hashB))
                .isEqualTo(dev.otalab.mcuboot.image.McubootImage.parse(r.imageB).hashTlv().orElseThrow().value());

        r.boot();
        List<SlotInfo> after = r.boot.slots();
        assertThat(after.get(0).hash()).isEqualTo(hashB);
        assertThat(after.get(0).flags()).isEqualTo("bootable confirmed active");
        assertThat(after.get(1).flags()).isEqualTo("bootable");
    }

    @Test
    void corruptedSecondaryIsNotBootable() {
        BootRig r = BootRig.uniform(8, 0xFF, true, BootConfig.upstream()).withLargestImages().installA().installB(false);
        FlashRegion s = r.boot.secondaryRegion();
        s.program(0x200, new byte[] {(byte) ~s.read(0x200, 1)[0]});
        SlotInfo sec = r.boot.slots().get(1);
        assertThat(sec.present()).isTrue();
        assertThat(sec.bootable()).isFalse();
        assertThat(sec.pending()).isTrue();
    }
}
