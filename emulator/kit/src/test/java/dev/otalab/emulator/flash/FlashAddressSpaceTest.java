package dev.otalab.emulator.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FlashAddressSpaceTest {

    private final PowerFailInjector power = new PowerFailInjector();
    private final FlashDevice internal = new FlashDevice("internal", FlashParts.psoc6Internal2M(), power);
    private final FlashDevice qspi = new FlashDevice("qspi", FlashParts.s25hs256t(), power);
    private final FlashAddressSpace space = new FlashAddressSpace()
            .map(FlashParts.QSPI_BASE, qspi)
            .map(FlashParts.PSOC6_INTERNAL_BASE, internal);

    @Test
    void mapsCpuAddressesToDevices() {
        assertThat(space.deviceAt(0x1000_0000L)).isSameAs(internal);
        assertThat(space.deviceAt(0x101F_FFFFL)).isSameAs(internal);
        assertThat(space.deviceAt(0x1800_0000L)).isSameAs(qspi);
        assertThat(space.deviceAt(0x19FF_FFFFL)).isSameAs(qspi);
        assertThat(space.mappingAt(0x1801_0200L).offsetOf(0x1801_0200L)).isEqualTo(0x10200);
        assertThat(space.mappings()).extracting(FlashAddressSpace.Mapping::base)
                .containsExactly(0x1000_0000L, 0x1800_0000L);
        assertThat(space.baseOf(qspi)).isEqualTo(0x1800_0000L);
        assertThat(space.byName("internal")).get().extracting(FlashAddressSpace.Mapping::device).isSameAs(internal);
    }

    @Test
    void readWriteEraseByCpuAddress() {
        space.write(0x1801_0200L, new byte[] {1, 2, 3});
        assertThat(qspi.read(0x10200, 3)).containsExactly(1, 2, 3);
        assertThat(space.read(0x1801_01FFL, 5)).containsExactly(0xFF, 1, 2, 3, 0xFF);
        space.write(0x1000_0400L, new byte[] {9, 9, 9, 9, 9, 9, 9, 9});
        assertThat(internal.read(0x400, 8)).containsOnly(9);
        assertThat(space.dump(0x1000_03FCL, 8)).containsExactly(0, 0, 0, 0, 9, 9, 9, 9);
        space.erase(0x1000_0400L, 0x200);
        assertThat(space.read(0x1000_0400L, 8)).containsOnly(0);
        space.erase(0x1800_0000L, 0x40000);
        assertThat(space.read(0x1801_0200L, 3)).containsOnly(0xFF);
        assertThat(power.operationCount()).isEqualTo(4);
        byte[] buf = new byte[4];
        space.read(0x1000_0000L, buf, 0, 4);
        assertThat(buf).containsOnly(0);
    }

    @Test
    void unmappedAddresses() {
        assertThatThrownBy(() -> space.deviceAt(0x0800_0000L))
                .isInstanceOf(FlashViolationException.class)
                .hasMessage("unmapped address 0x8000000");
        assertThatThrownBy(() -> space.read(0x1020_0000L, 4)).hasMessage("unmapped address 0x10200000");
        assertThatThrownBy(() -> space.write(0x0FFF_FFF8L, new byte[8])).hasMessage("unmapped address 0xffffff8");
        assertThatThrownBy(() -> space.erase(0x1A00_0000L, 0x40000)).hasMessage("unmapped address 0x1a000000");
        assertThat(space.find(0x1A00_0000L)).isEmpty();
    }

    @Test
    void accessesMayNotCrossTheEndOfADevice() {
        assertThatThrownBy(() -> space.read(0x101F_FFFCL, 8))
                .isInstanceOf(FlashViolationException.class)
                .hasMessage("[internal] read at 0x101ffffc, length 0x8 crosses the end of the device at 0x10200000");
    }

    @Test
    void overlappingOrDuplicateMappingsAreRejected() {
        FlashDevice other = new FlashDevice("other", FlashGeometry.uniform(0x1000, 0x200, 8, 0));
        assertThatThrownBy(() -> space.map(0x101F_F000L, other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlaps internal");
        assertThatThrownBy(() -> space.map(0x2000_0000L, internal)).hasMessageContaining("already mapped");
        space.map(0x1020_0000L, other); // adjacent is fine
        assertThat(space.deviceAt(0x1020_0000L)).isSameAs(other);
        assertThat(space.deviceAt(0x101F_FFFFL)).isSameAs(internal);
    }
}
