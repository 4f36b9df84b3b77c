package dev.otalab.mcuboot.flashmap;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Infineon's own flashmaps load, with the figures of psoc6-kits.md §1–§3. */
class ReferenceFlashmapsTest {

    private static final FlashMemory INTERNAL_2M = new FlashMemory("internal", 0x10000000L, 0x200000, 0x200, 0x00, 8);
    private static final FlashMemory INTERNAL_512K = new FlashMemory("internal", 0x10000000L, 0x80000, 0x200, 0x00, 8);
    private static final FlashMemory S25HS256T = new FlashMemory("external", 0x18000000L, 0x2000000, 0x40000, 0xFF, 1);
    private static final FlashMemory CODE_LARGE =
            new FlashMemory("INTERNAL_FLASH_CODE_LARGE", 0x10000000L, 0x7F0000, 0x8000, 0xFF, 8);
    private static final FlashMemory CODE_SMALL =
            new FlashMemory("INTERNAL_FLASH_CODE_SMALL", 0x107F0000L, 0x40000, 0x2000, 0xFF, 8);
    private static final FlashMemory WORK_LARGE =
            new FlashMemory("INTERNAL_FLASH_WORK_LARGE", 0x14000000L, 0x30000, 0x800, 0xFF, 8);
    private static final FlashMemory WORK_SMALL =
            new FlashMemory("INTERNAL_FLASH_WORK_SMALL", 0x14030000L, 0x10000, 0x80, 0xFF, 8);

    static Flashmap reference(String name) {
        return Flashmap.read(TestPaths.referenceFlashmaps().resolve(name));
    }

    @Test
    void everyReferenceMapLoads() {
        assertThat(TestPaths.mapsIn(TestPaths.referenceFlashmaps()))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("psoc62_2m_ext_overwrite_single.json", "psoc62_2m_ext_swap_single.json",
                        "psoc62_512k_xip_swap_single.json", "xmc7200_int_overwrite_single.json",
                        "xmc7200_int_swap_single.json");
        for (Path file : TestPaths.mapsIn(TestPaths.referenceFlashmaps())) {
            assertThat(Flashmap.read(file).sourceName()).isEqualTo(file.toString());
        }
    }

    @Test
    void psoc62_2mExternalOverwrite() {
        Flashmap map = reference("psoc62_2m_ext_overwrite_single.json");
        assertThat(map.schema()).isEqualTo(FlashmapSchema.PSOC6);
        assertThat(map.memories()).containsExactly(INTERNAL_2M, S25HS256T);
        assertThat(map.upgradeMode()).isEqualTo(UpgradeMode.OVERWRITE_ONLY);
        assertThat(map.xip()).isFalse();
        assertThat(map.imageCount()).isEqualTo(1);
        assertThat(map.bootloader()).isEqualTo(new FlashArea(AreaRole.BOOTLOADER, 0, 0x10000000L, 0x18000, INTERNAL_2M));
        assertThat(map.primary(1)).isEqualTo(new FlashArea(AreaRole.PRIMARY, 1, 0x10018000L, 0x1C0000, INTERNAL_2M));
        assertThat(map.secondary(1)).isEqualTo(new FlashArea(AreaRole.SECONDARY, 1, 0x18000200L, 0x1C0000, S25HS256T));
        assertThat(map.scratch()).isEmpty();
        assertThat(map.status()).isEmpty();
        assertThat(map.factory()).isEmpty();
        assertThat(map.primary(1).erasedValue()).isEqualTo(0x00);
        assertThat(map.primary(1).writeSize()).isEqualTo(8);
        assertThat(map.primary(1).sectorCount()).isEqualTo(3584);
        assertThat(map.secondary(1).erasedValue()).isEqualTo(0xFF);
        assertThat(map.secondary(1).writeSize()).isEqualTo(1);
        assertThat(map.secondary(1).offset()).isEqualTo(0x200);
        assertThat(map.secondary(1).sectorSize()).isEqualTo(0x40000);
        assertThat(map.secondary(1).sectorCount()).isEqualTo(8);
        assertThat(map.maxImageSectors()).isEqualTo(3584);
        assertThat(map.areas()).hasSize(3);
    }

    @Test
    void psoc62_2mExternalSwap() {
        Flashmap map = reference("psoc62_2m_ext_swap_single.json");
        assertThat(map.memories()).containsExactly(INTERNAL_2M, S25HS256T);
        assertThat(map.upgradeMode()).isEqualTo(UpgradeMode.SWAP_SCRATCH);
        assertThat(map.xip()).isFalse();
        assertThat(map.areas()).containsExactly(
                new FlashArea(AreaRole.BOOTLOADER, 0, 0x10000000L, 0x28000, INTERNAL_2M),
                new FlashArea(AreaRole.PRIMARY, 1, 0x10028000L, 0x1C0000, INTERNAL_2M),
                new FlashArea(AreaRole.SECONDARY, 1, 0x18000200L, 0x1C0000, S25HS256T),
                new FlashArea(AreaRole.STATUS, 0, 0x101E8000L, 0x6C00, INTERNAL_2M),
                new FlashArea(AreaRole.SCRATCH, 0, 0x18440000L, 0x80000, S25HS256T));
        assertThat(map.status().orElseThrow().sectorCount()).isEqualTo(54);
        assertThat(map.scratch().orElseThrow().sectorCount()).isEqualTo(2);
        assertThat(map.scratch().orElseThrow().erasedValue()).isEqualTo(0xFF);
        assertThat(map.maxImageSectors()).isEqualTo(3584);
        // The generator's minimum for this map is exactly the status size it declares.
        assertThat(Psoc6MapParser.minimumStatusSize(3584, 1, true)).isEqualTo(0x6C00);
    }

    @Test
    void psoc62_512kXipSwap() {
        Flashmap map = reference("psoc62_512k_xip_swap_single.json");
        assertThat(map.memories()).containsExactly(INTERNAL_512K, S25HS256T);
        assertThat(map.upgradeMode()).isEqualTo(UpgradeMode.SWAP_SCRATCH);
        assertThat(map.xip()).isTrue();
        assertThat(map.areas()).containsExactly(
                new FlashArea(AreaRole.BOOTLOADER, 0, 0x10000000L, 0x18000, INTERNAL_512K),
                new FlashArea(AreaRole.PRIMARY, 1, 0x18000000L, 0x140200, S25HS256T),
                new FlashArea(AreaRole.SECONDARY, 1, 0x18180000L, 0x140200, S25HS256T),
                new FlashArea(AreaRole.STATUS, 0, 0x10018000L, 0x3C00, INTERNAL_512K),
                new FlashArea(AreaRole.SCRATCH, 0, 0x18440000L, 0x80000, S25HS256T));
        assertThat(map.primary(1).erasedValue()).isEqualTo(0xFF);
        assertThat(map.primary(1).sectorCount()).isEqualTo(6);
        assertThat(map.secondary(1).sectorCount()).isEqualTo(6);
        assertThat(map.maxImageSectors()).isEqualTo(32);
    }

    @Test
    void xmc7200Overwrite() {
        Flashmap map = reference("xmc7200_int_overwrite_single.json");
        assertThat(map.schema()).isEqualTo(FlashmapSchema.XMC7000);
        assertThat(map.memories()).containsExactly(CODE_LARGE, CODE_SMALL, WORK_LARGE, WORK_SMALL);
        assertThat(map.upgradeMode()).isEqualTo(UpgradeMode.OVERWRITE_ONLY);
        assertThat(map.xip()).isFalse();
        assertThat(map.areas()).containsExactly(
                new FlashArea(AreaRole.BOOTLOADER, 0, 0x10000000L, 0x20000, CODE_LARGE),
                new FlashArea(AreaRole.PRIMARY, 1, 0x10080000L, 0x200000, CODE_LARGE),
                new FlashArea(AreaRole.SECONDARY, 1, 0x103F8000L, 0x200000, CODE_LARGE));
        assertThat(map.primary(1).offset()).isEqualTo(0x80000);
        assertThat(map.secondary(1).offset()).isEqualTo(0x3F8000);
        assertThat(map.primary(1).erasedValue()).isEqualTo(0xFF);
        assertThat(map.primary(1).writeSize()).isEqualTo(8);
        assertThat(map.primary(1).sectorCount()).isEqualTo(64);
        assertThat(map.maxImageSectors()).isEqualTo(64);
    }

    @Test
    void xmc7200Swap() {
        Flashmap map = reference("xmc7200_int_swap_single.json");
        assertThat(map.upgradeMode()).isEqualTo(UpgradeMode.SWAP_SCRATCH);
        assertThat(map.status()).contains(new FlashArea(AreaRole.STATUS, 0, 0x14030000L, 0x2800, WORK_SMALL));
        assertThat(map.scratch()).contains(new FlashArea(AreaRole.SCRATCH, 0, 0x14000000L, 0x8000, WORK_LARGE));
        assertThat(map.status().orElseThrow().sectorCount()).isEqualTo(80);
        assertThat(map.scratch().orElseThrow().sectorCount()).isEqualTo(16);
        assertThat(map.maxImageSectors()).isEqualTo(80);
    }

    @Test
    void referencePlatformFileUsesTypeAndIsAccepted() {
        assertThat(TestPaths.read(TestPaths.referenceFlashmaps().resolve("xmc7200_platform.json")))
                .contains("\"type\"").doesNotContain("mem_type");
        Flashmap map = FlashmapReader.defaults()
                .withPlatformFile(TestPaths.referenceFlashmaps().resolve("xmc7200_platform.json"))
                .parse(TestPaths.read(TestPaths.referenceFlashmaps().resolve("xmc7200_int_swap_single.json")), "x.json");
        assertThat(map.memories()).containsExactly(CODE_LARGE, CODE_SMALL, WORK_LARGE, WORK_SMALL);
    }

    @Test
    void lookupsByAddress() {
        Flashmap map = reference("psoc62_2m_ext_swap_single.json");
        assertThat(map.areaAt(0x10000000L)).contains(map.bootloader());
        assertThat(map.areaAt(0x10027FFFL)).contains(map.bootloader());
        assertThat(map.areaAt(0x10028000L)).contains(map.primary(1));
        assertThat(map.areaAt(0x101E7FFFL)).contains(map.primary(1));
        assertThat(map.areaAt(0x101E8000L)).isEqualTo(map.status());
        assertThat(map.areaAt(0x101EEC00L)).isEmpty();
        assertThat(map.areaAt(0x18000000L)).isEmpty();
        assertThat(map.areaAt(0x18000200L)).contains(map.secondary(1));
        assertThat(map.areaAt(0x184BFFFFL)).isEqualTo(map.scratch());
        assertThat(map.areaAt(0x0L)).isEmpty();
        assertThat(map.memoryAt(0x18000000L)).contains(S25HS256T);
        assertThat(map.memoryAt(0x1A000000L)).isEmpty();
        assertThat(map.memory("internal")).contains(INTERNAL_2M);
    }

    @Test
    void askingForAMissingImageNamesIt() {
        Flashmap map = reference("psoc62_2m_ext_swap_single.json");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> map.primary(2))
                .isInstanceOf(FlashmapException.class)
                .hasMessageContaining("application_2");
    }

    @Test
    void internalSizeIsInferredFromTheNameOrGiven() {
        assertThat(FlashmapReader.internalFlashSizeFor("psoc62_512k_xip_swap_single.json")).isEqualTo(0x80000);
        assertThat(FlashmapReader.internalFlashSizeFor("/a/b/psoc62_1m-ext.json")).isEqualTo(0x100000);
        assertThat(FlashmapReader.internalFlashSizeFor("psoc62_2m_ext_swap_single.json")).isEqualTo(0x200000);
        assertThat(FlashmapReader.internalFlashSizeFor("my_map.json")).isEqualTo(0x200000);
        assertThat(FlashmapReader.internalFlashSizeFor("psoc62_2512k.json")).isEqualTo(0x200000);
        Flashmap map = Flashmap.read(TestPaths.referenceFlashmaps().resolve("psoc62_512k_xip_swap_single.json"),
                FlashmapReader.PSOC_062_2M);
        assertThat(map.memory("internal").orElseThrow().size()).isEqualTo(0x200000);
    }
}
