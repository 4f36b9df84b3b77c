package dev.otalab.emulator.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.emulator.flash.PowerLossException;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The Infineon swap-status partition model on the OTA code example's map. */
class PartitionStatusStoreTest {

    private static final long STATUS = 0x101E_8000L;
    private static final int ROW = 0x200;
    /** One copy of a zone: 8 progress rows + 1 trailer row (N = 3584, payload 500). */
    private static final int D = ROW * 9;

    private final BootRig rig = BootRig.flashmap("psoc62_2m_ext_swap_single.json", BootConfig.infineon());
    private final PartitionStatusStore store = (PartitionStatusStore) rig.boot.store();

    private byte[] row(int zone, int copy, int row) {
        return rig.space.dump(STATUS + (long) zone * 2 * D + (long) copy * D + (long) row * ROW, ROW);
    }

    @Test
    void zonesFillTheMapsStatusArea() {
        assertThat(store.zoneSize()).isEqualTo(2 * D).isEqualTo(0x2400);
        assertThat(3 * store.zoneSize()).isEqualTo(0x6C00);
    }

    @Test
    void anUpdateRewritesOneRowIntoTheOtherCopy() {
        rig.power.resetOperationCount();
        store.writeMagic(TrailerArea.PRIMARY);
        assertThat(rig.power.operationCount()).as("row erase + row write").isEqualTo(2);
        byte[] first = row(0, 0, 8);
        assertThat(PartitionStatusStore.u32(first, 500)).isEqualTo(PartitionStatusStore.RECORD_MAGIC);
        assertThat(PartitionStatusStore.u32(first, 504)).as("counter").isEqualTo(1);
        CRC32C crc = new CRC32C();
        crc.update(first, 0, ROW - 4);
        assertThat(PartitionStatusStore.u32(first, ROW - 4)).isEqualTo(crc.getValue());
        assertThat(row(0, 1, 8)).as("the other copy is untouched").containsOnly(0);

        store.writeCopyDone(TrailerArea.SCRATCH);
        store.writeSwapInfo(TrailerArea.PRIMARY, SwapType.TEST, 0);
        byte[] second = row(0, 1, 8);
        assertThat(PartitionStatusStore.u32(second, 504)).isEqualTo(2);
        assertThat(store.peek(TrailerArea.PRIMARY))
                .isEqualTo(new SwapState(MagicState.GOOD, SwapType.TEST, 0, FlagState.UNSET, FlagState.UNSET));
        assertThat(store.peek(TrailerArea.SCRATCH).copyDone()).isEqualTo(FlagState.SET);
    }

    @Test
    void anInterruptedUpdateKeepsTheOldValue() {
        store.writeSwapInfo(TrailerArea.PRIMARY, SwapType.TEST, 0);
        for (int cut = 1; cut <= 2; cut++) {
            rig.power.resetOperationCount();
            rig.power.armAt(cut);
            assertThatThrownBy(() -> store.writeSwapInfo(TrailerArea.PRIMARY, SwapType.REVERT, 0))
                    .isInstanceOf(PowerLossException.class);
            rig.power.disarm();
            rig.power.setPowered(true);
            assertThat(store.peek(TrailerArea.PRIMARY).swapType()).isEqualTo(SwapType.TEST);
        }
        store.writeSwapInfo(TrailerArea.PRIMARY, SwapType.REVERT, 0);
        assertThat(store.peek(TrailerArea.PRIMARY).swapType()).isEqualTo(SwapType.REVERT);
    }

    @Test
    void progressIsOneByteperRegionHoldingTheLastStateDone() {
        assertThat(store.readProgress(TrailerArea.PRIMARY).found()).isFalse();
        store.writeStatus(TrailerArea.PRIMARY, 1, 1);
        assertThat(store.readProgress(TrailerArea.PRIMARY)).isEqualTo(new StatusStore.Progress(true, 1, 2, false));
        store.writeStatus(TrailerArea.PRIMARY, 1, 2);
        store.writeStatus(TrailerArea.PRIMARY, 1, 3);
        assertThat(store.readProgress(TrailerArea.PRIMARY)).isEqualTo(new StatusStore.Progress(true, 2, 1, false));
        store.writeStatus(TrailerArea.PRIMARY, 2, 1);
        assertThat(store.readProgress(TrailerArea.PRIMARY)).isEqualTo(new StatusStore.Progress(true, 2, 2, false));
        assertThat(row(0, 1, 0)[0]).isEqualTo((byte) 3);
        store.writeStatus(TrailerArea.PRIMARY, 4, 1);
        assertThat(store.readProgress(TrailerArea.PRIMARY).inconsistent()).isTrue();
        store.writeStatus(TrailerArea.SCRATCH, 1, 2);
        assertThat(store.readProgress(TrailerArea.SCRATCH)).isEqualTo(new StatusStore.Progress(true, 1, 3, false));
    }

    @Test
    void aTestRequestInTheSecondarySlotIsImportedAndTheSlotMagicErased() {
        FlashRegion sec = rig.boot.secondaryRegion();
        rig.boot.requestUpgrade(false);
        assertThat(store.peek(TrailerArea.SECONDARY).magic()).isEqualTo(MagicState.GOOD);
        assertThat(sec.isErased(sec.size() - 16, 16)).as("peek has no side effects").isFalse();
        rig.power.resetOperationCount();
        SwapState st = store.read(TrailerArea.SECONDARY);
        assertThat(st.magic()).isEqualTo(MagicState.GOOD);
        assertThat(st.imageOk()).isEqualTo(FlagState.UNSET);
        assertThat(rig.power.operationCount()).as("zone update (2) + erase of the slot's last sector").isEqualTo(3);
        assertThat(sec.isErased(sec.size() - 0x200, 0x200)).isTrue();
        rig.power.resetOperationCount();
        assertThat(store.read(TrailerArea.SECONDARY).magic()).isEqualTo(MagicState.GOOD);
        assertThat(rig.power.operationCount()).as("imported once").isZero();
    }

    @Test
    void aPermanentRequestImportsImageOkAndKeepsTheSlotMagic() {
        FlashRegion sec = rig.boot.secondaryRegion();
        rig.boot.requestUpgrade(true);
        SwapState st = store.read(TrailerArea.SECONDARY);
        assertThat(st.magic()).isEqualTo(MagicState.GOOD);
        assertThat(st.imageOk()).isEqualTo(FlagState.SET);
        assertThat(sec.isErased(sec.size() - 16, 16)).isFalse();
        assertThat(rig.boot.pendingSwapType()).isEqualTo(SwapType.PERM);
    }

    @Test
    void aPrimaryImageOkWrittenByTheAppIsImportedOnceCopyDoneIsSet() {
        store.writeMagic(TrailerArea.PRIMARY);
        FlashRegion p = rig.boot.primaryRegion();
        p.program(p.size() - 24, new byte[] {1});
        assertThat(store.read(TrailerArea.PRIMARY).imageOk()).as("copy_done unset: not looked at")
                .isEqualTo(FlagState.UNSET);
        store.writeCopyDone(TrailerArea.PRIMARY);
        // writing copy_done also copied the (unset) fields into the slot trailer, over the app's byte
        assertThat(p.dump(p.size() - 24, 1)[0]).isEqualTo((byte) 0);
        assertThat(p.dump(p.size() - 32, 1)[0]).isEqualTo((byte) 1);
        rig.boot.confirmPrimary();
        assertThat(store.peek(TrailerArea.PRIMARY).imageOk()).isEqualTo(FlagState.SET);
        assertThat(store.read(TrailerArea.PRIMARY).imageOk()).isEqualTo(FlagState.SET);
        assertThat(PartitionStatusStore.u32(row(0, 0, 8), 504) + PartitionStatusStore.u32(row(0, 1, 8), 504))
                .as("magic, copy_done, imported image_ok: counters 3 and 2").isEqualTo(5);
    }

    @Test
    void scramblingAZoneErasesItsRowsAndForTheSecondaryTheSlotTrailer() {
        rig.boot.requestUpgrade(true);
        store.read(TrailerArea.SECONDARY);
        rig.power.resetOperationCount();
        store.scrambleTrailer(TrailerArea.SECONDARY);
        assertThat(rig.power.operationCount()).as("18 rows + the slot's last sector").isEqualTo(19);
        assertThat(store.peek(TrailerArea.SECONDARY)).isEqualTo(SwapState.UNSET);
    }
}
