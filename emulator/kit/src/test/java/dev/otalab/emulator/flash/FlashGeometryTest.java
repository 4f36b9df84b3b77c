package dev.otalab.emulator.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlashGeometryTest {

    @Test
    void uniformPsoc6Internal() {
        FlashGeometry g = FlashParts.psoc6Internal2M();
        assertThat(g.size()).isEqualTo(0x200000);
        assertThat(g.sectorCount()).isEqualTo(4096);
        assertThat(g.writeAlignment()).isEqualTo(8);
        assertThat(g.erasedValue()).isEqualTo((byte) 0);
        assertThat(g.isUniform()).isTrue();
        assertThat(g.sectorAt(0x1FF)).isEqualTo(new Sector(0, 0, 0x200));
        assertThat(g.sectorAt(0x1FFFFF)).isEqualTo(new Sector(4095, 0x1FFE00, 0x200));
        assertThat(g.sector(4095)).isEqualTo(new Sector(4095, 0x1FFE00, 0x200));
        assertThat(g.toString()).isEqualTo("FlashGeometry[size=0x200000, sectors=4096x0x200, W=8, erased=0x00]");
    }

    @Test
    void mixedLayoutLikeMcubootSimulator() {
        // 16/64/128 KB mixed layout
        FlashGeometry g = FlashGeometry.ofSectors(
                List.of(16384L, 16384L, 16384L, 16384L, 65536L, 131072L, 131072L, 131072L), 4, 0xFF);
        assertThat(g.size()).isEqualTo(4 * 16384 + 65536 + 3 * 131072);
        assertThat(g.sectorCount()).isEqualTo(8);
        assertThat(g.isUniform()).isFalse();
        assertThat(g.sectorAt(0x10000)).isEqualTo(new Sector(4, 0x10000, 0x10000));
        assertThat(g.sectorAt(0x20000)).isEqualTo(new Sector(5, 0x20000, 0x20000));
        assertThat(g.sector(7)).isEqualTo(new Sector(7, 0x60000, 0x20000));
        assertThat(g.isSectorBoundary(0x4000)).isTrue();
        assertThat(g.isSectorBoundary(0x14000)).isFalse();
        assertThat(g.isSectorBoundary(g.size())).isTrue();
        assertThat(g.sectorsIn(0xC000, 0x20000)).extracting(Sector::index).containsExactly(3, 4, 5);
        assertThat(g.sectors()).hasSize(8);
    }

    @Test
    void xmc7200CodeFlashRegions() {
        // psoc6-kits.md §3: 0x10000000/0x7F0000 erase 0x8000; 0x107F0000/0x40000 erase 0x2000; 0xFF
        FlashGeometry g = FlashGeometry.ofRegions(8, 0xFF, 0x7F0000 / 0x8000, 0x8000, 0x40000 / 0x2000, 0x2000);
        assertThat(g.size()).isEqualTo(0x830000);
        assertThat(g.sectorCount()).isEqualTo(254 + 32);
        assertThat(g.sectorAt(0x7F0000)).isEqualTo(new Sector(254, 0x7F0000, 0x2000));
        FlashDevice d = new FlashDevice("xmc-code", g);
        d.write(0x7EFFF8, new byte[16]);
        assertThatThrownBy(() -> d.erase(0x7E8000, 0x9000))
                .hasMessage("[xmc-code] erase not on sector boundaries at 0x7e8000, length 0x9000");
        d.erase(0x7E8000, 0xA000);
        assertThat(d.statistics().sectorErases()).isEqualTo(2);
        assertThat(d.read(0x7EFFF8, 16)).containsOnly(0xFF);
    }

    @Test
    void invalidGeometries() {
        assertThatThrownBy(() -> FlashGeometry.uniform(0x1000, 0x300, 8, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlashGeometry.uniform(0x1000, 0x200, 3, 0)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> FlashGeometry.uniform(0x1000, 0x200, 8, 0x100)).hasMessageContaining("erased value");
        assertThatThrownBy(() -> FlashGeometry.ofSectors(List.of(0x100L, 0x104L), 8, 0)).hasMessageContaining("multiple");
        assertThatThrownBy(() -> FlashGeometry.ofSectors(List.of(), 8, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
