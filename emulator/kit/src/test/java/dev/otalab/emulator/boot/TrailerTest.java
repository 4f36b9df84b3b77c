package dev.otalab.emulator.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Trailer bytes, their decoding, the decision table and the application-side writes. */
class TrailerTest {

    private static final String MAGIC = "77c295f360d2ef7f3552500f2cb67980";

    private static SwapState st(MagicState m, FlagState imageOk, FlagState copyDone) {
        return new SwapState(m, SwapType.NONE, 0, copyDone, imageOk);
    }

    @Test
    void decisionTableRowsInOrder() {
        SwapState unset = SwapState.UNSET;
        SwapState goodTest = st(MagicState.GOOD, FlagState.UNSET, FlagState.UNSET);
        SwapState goodPerm = st(MagicState.GOOD, FlagState.SET, FlagState.UNSET);
        SwapState testedPrimary = st(MagicState.GOOD, FlagState.UNSET, FlagState.SET);
        SwapState confirmedPrimary = st(MagicState.GOOD, FlagState.SET, FlagState.SET);
        assertThat(Mcuboot.decide(unset, unset)).isEqualTo(SwapType.NONE);
        assertThat(Mcuboot.decide(unset, goodTest)).isEqualTo(SwapType.TEST);
        assertThat(Mcuboot.decide(confirmedPrimary, goodPerm)).isEqualTo(SwapType.PERM);
        assertThat(Mcuboot.decide(testedPrimary, unset)).isEqualTo(SwapType.REVERT);
        // a pending secondary wins over a revert (rows 1 and 2 come first)
        assertThat(Mcuboot.decide(testedPrimary, goodTest)).isEqualTo(SwapType.TEST);
        assertThat(Mcuboot.decide(confirmedPrimary, unset)).isEqualTo(SwapType.NONE);
        // BAD matches only ANY
        assertThat(Mcuboot.decide(unset, st(MagicState.BAD, FlagState.UNSET, FlagState.UNSET)))
                .isEqualTo(SwapType.NONE);
        assertThat(Mcuboot.decide(unset, st(MagicState.GOOD, FlagState.BAD, FlagState.UNSET)))
                .isEqualTo(SwapType.NONE);
        assertThat(Mcuboot.decide(st(MagicState.GOOD, FlagState.BAD, FlagState.SET), unset))
                .isEqualTo(SwapType.NONE);
        assertThat(Mcuboot.decide(st(MagicState.BAD, FlagState.UNSET, FlagState.SET), unset))
                .isEqualTo(SwapType.NONE);
    }

    @Test
    void triplesAndLogText() {
        SwapState s = new SwapState(MagicState.GOOD, SwapType.TEST, 0, FlagState.SET, FlagState.UNSET);
        assertThat(s.triple()).isEqualTo("1,3,1");
        assertThat(s.logText()).isEqualTo("magic=good, swap_type=0x2, copy_done=0x1, image_ok=0x3");
    }

    @ParameterizedTest
    @CsvSource({"1,0xFF", "8,0x00", "8,0xFF", "1,0x00"})
    void inSlotFieldsAreWrittenOneWriteEachAndDecodeBack(int w, String erasedText) {
        int erased = Integer.decode(erasedText);
        BootRig r = BootRig.uniform(w, erased, true, BootConfig.upstream());
        InSlotStatusStore store = (InSlotStatusStore) r.boot.store();
        FlashRegion p = r.boot.primaryRegion();
        long s = p.size();
        r.power.resetOperationCount();
        store.writeSwapInfo(TrailerArea.PRIMARY, SwapType.PERM, 0);
        store.writeSwapSize(TrailerArea.PRIMARY, 0x1234);
        store.writeImageOk(TrailerArea.PRIMARY);
        store.writeCopyDone(TrailerArea.PRIMARY);
        store.writeMagic(TrailerArea.PRIMARY);
        assertThat(r.power.operationCount()).isEqualTo(5);
        byte e = (byte) erased;
        byte[] tail = p.dump(s - 48, 48);
        byte[] expected = new byte[48];
        Arrays.fill(expected, e);
        expected[0] = 0x34;
        expected[1] = 0x12;
        expected[2] = 0;
        expected[3] = 0;
        expected[8] = 0x03;
        expected[16] = 0x01;
        expected[24] = 0x01;
        System.arraycopy(HexFormat.of().parseHex(MAGIC), 0, expected, 32, 16);
        assertThat(tail).isEqualTo(expected);
        SwapState st = store.read(TrailerArea.PRIMARY);
        assertThat(st).isEqualTo(new SwapState(MagicState.GOOD, SwapType.PERM, 0, FlagState.SET, FlagState.SET));
        assertThat(store.readSwapSize(TrailerArea.PRIMARY)).isEqualTo(0x1234);
        // flag writes are the flag byte padded to W with erased bytes: only W bytes are programmed
        assertThat(p.isWritable(s - 24, w)).isFalse();
        if (w < 8) {
            assertThat(p.isWritable(s - 24 + w, 8 - w)).isTrue();
        }
    }

    @Test
    void erasedTrailerDecodesAsUnsetForEitherErasedValue() {
        for (int erased : new int[] {0x00, 0xFF}) {
            BootRig r = BootRig.uniform(8, erased, true, BootConfig.upstream());
            assertThat(r.boot.trailer(TrailerArea.PRIMARY)).isEqualTo(SwapState.UNSET);
            assertThat(r.boot.trailer(TrailerArea.SCRATCH)).isEqualTo(SwapState.UNSET);
        }
    }

    @Test
    void foreignErasedValueBytesDecodeAsBad() {
        // 0xFF bytes copied into 0x00-erased flash (factory image, overwrite copy) are BAD, never a request
        BootRig r = BootRig.uniform(8, 0x00, true, BootConfig.upstream());
        FlashRegion p = r.boot.primaryRegion();
        byte[] ff = new byte[48];
        Arrays.fill(ff, (byte) 0xFF);
        p.write(p.size() - 48, ff);
        SwapState st = r.boot.trailer(TrailerArea.PRIMARY);
        assertThat(st.magic()).isEqualTo(MagicState.BAD);
        assertThat(st.imageOk()).isEqualTo(FlagState.BAD);
        assertThat(st.copyDone()).isEqualTo(FlagState.BAD);
        assertThat(st.swapType()).as("swap_info 0xFF: type 15 > REVERT reads as NONE").isEqualTo(SwapType.NONE);
        assertThat(r.boot.pendingSwapType()).isEqualTo(SwapType.NONE);
    }

    @Test
    void infineonAgentRequestOnAnExternalSecondary() {
        BootRig r = BootRig.flashmap("psoc62_2m_ext_swap_single.json", BootConfig.infineon());
        FlashRegion sec = r.boot.secondaryRegion();
        long s = sec.size();
        r.power.resetOperationCount();
        r.boot.requestUpgrade(true);
        assertThat(r.power.operationCount()).isEqualTo(3);
        byte[] tail = sec.dump(s - 40, 40);
        assertThat(HexFormat.of().formatHex(tail)).isEqualTo(
                "03ffffffffffffff" + "ffffffffffffffff" + "01ffffffffffffff" + MAGIC);
        assertThat(r.boot.pendingSwapType()).isEqualTo(SwapType.PERM);

        BootRig t = BootRig.flashmap("psoc62_2m_ext_swap_single.json", BootConfig.infineon());
        t.boot.requestUpgrade(false);
        assertThat(HexFormat.of().formatHex(t.boot.secondaryRegion().dump(s - 40, 40))).isEqualTo(
                "02ffffffffffffff" + "ffffffffffffffff" + "ffffffffffffffff" + MAGIC);
        assertThat(t.boot.pendingSwapType()).isEqualTo(SwapType.TEST);
    }

    @Test
    void infineonAgentWritesOnlyTheMagicOnAnInternalSecondary() {
        BootRig r = BootRig.uniform(8, 0x00, true, BootConfig.infineon());
        FlashRegion sec = r.boot.secondaryRegion();
        r.boot.requestUpgrade(true);
        assertThat(sec.isWritable(sec.size() - 48, 32)).isTrue();
        assertThat(r.boot.pendingSwapType()).as("no image_ok: a TEST upgrade").isEqualTo(SwapType.TEST);
    }

    @Test
    void setPendingRefusesABadMagic() {
        BootRig r = BootRig.uniform(8, 0xFF, true, BootConfig.upstream());
        FlashRegion sec = r.boot.secondaryRegion();
        sec.write(sec.size() - 16, new byte[16]);
        assertThatThrownBy(() -> r.boot.setPending(false)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void confirmOverProgrammedBytesIsARowReadModifyWrite() {
        BootRig r = BootRig.split(BootConfig.infineon().withStatusBackend(BootConfig.StatusBackend.IN_SLOT))
                .withLargestImages().installA();
        FlashRegion p = r.boot.primaryRegion();
        long s = p.size();
        // the magic is there already: the agent's confirm rewrites the row (erase + write), then
        // image_ok sits in the rewritten row: a second read-modify-write
        r.power.resetOperationCount();
        r.boot.confirmPrimary();
        assertThat(r.power.operationCount()).isEqualTo(4);
        assertThat(r.primaryTriple()).isEqualTo("1,1,3");
        // the image bytes in the row survived
        r.assertPrimaryHolds(r.imageA);
        // upstream's boot_set_confirmed writes nothing when image_ok is already set
        r.power.resetOperationCount();
        assertThat(r.boot.setConfirmed()).isFalse();
        assertThat(r.power.operationCount()).isZero();
        assertThat(p.dump(s - 24, 1)[0]).isEqualTo((byte) 1);
    }
}
