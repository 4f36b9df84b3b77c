package dev.otalab.mcuboot.flashmap;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The project's own flashmap/ files load and say what the spec says. */
class ProjectFlashmapsTest {

    private static Flashmap project(String name) {
        return Flashmap.read(TestPaths.projectFlashmaps().resolve(name));
    }

    @Test
    void everyProjectMapLoads() {
        assertThat(TestPaths.mapsIn(TestPaths.projectFlashmaps()))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("psoc62_2m_ext_overwrite_single.json", "psoc62_2m_ext_swap_single.json",
                        "psoc62_2m_rollback_overwrite.json", "psoc62_2m_rollback_swap.json",
                        "psoc62_512k_xip_swap_single.json", "xmc7200_int_overwrite_single.json",
                        "xmc7200_int_swap_single.json");
        for (Path file : TestPaths.mapsIn(TestPaths.projectFlashmaps())) {
            assertThat(Flashmap.read(file).areas()).isNotEmpty();
        }
    }

    /** Our own files for the code-example layouts describe exactly Infineon's layouts. */
    @Test
    void codeExampleLayoutsMatchInfineonsFiles() {
        for (Path reference : TestPaths.mapsIn(TestPaths.referenceFlashmaps())) {
            Flashmap theirs = Flashmap.read(reference);
            Flashmap ours = project(reference.getFileName().toString());
            assertThat(ours.memories()).as(reference.toString()).isEqualTo(theirs.memories());
            assertThat(ours.areas()).as(reference.toString()).isEqualTo(theirs.areas());
            assertThat(ours.xip()).isEqualTo(theirs.xip());
            assertThat(ours.maxImageSectors()).isEqualTo(theirs.maxImageSectors());
        }
    }

    @Test
    void rollbackOverwriteLayout() {
        Flashmap map = project("psoc62_2m_rollback_overwrite.json");
        assertThat(map.upgradeMode()).isEqualTo(UpgradeMode.OVERWRITE_ONLY);
        assertRollbackCommon(map);
        assertThat(map.areas()).extracting(FlashArea::role).containsExactly(
                AreaRole.BOOTLOADER, AreaRole.PRIMARY, AreaRole.SECONDARY, AreaRole.FACTORY);
    }

    @Test
    void rollbackSwapLayout() {
        Flashmap map = project("psoc62_2m_rollback_swap.json");
        assertThat(map.upgradeMode()).isEqualTo(UpgradeMode.SWAP_SCRATCH);
        assertRollbackCommon(map);
        FlashArea status = map.status().orElseThrow();
        assertThat(status.address()).isEqualTo(0x101D8000L);
        assertThat(status.size()).isEqualTo(0x6C00);
        assertThat(status.memory().name()).isEqualTo("internal");
        FlashArea scratch = map.scratch().orElseThrow();
        assertThat(scratch.address()).isEqualTo(0x18440000L);
        assertThat(scratch.size()).isEqualTo(0x80000);
        assertThat(scratch.memory().name()).isEqualTo("external");
        assertThat(map.factory().orElseThrow().end()).isLessThanOrEqualTo(map.secondary(1).address());
    }

    private static void assertRollbackCommon(Flashmap map) {
        assertThat(map.bootloader().address()).isEqualTo(0x10000000L);
        assertThat(map.bootloader().size()).isEqualTo(0x18000);
        assertThat(map.primary(1).address()).isEqualTo(0x10018000L);
        assertThat(map.primary(1).size()).isEqualTo(0x1C0000);
        assertThat(map.primary(1).erasedValue()).isEqualTo(0x00);
        assertThat(map.secondary(1).address()).isEqualTo(0x18200200L);
        assertThat(map.secondary(1).size()).isEqualTo(0x1C0000);
        assertThat(map.secondary(1).erasedValue()).isEqualTo(0xFF);
        FlashArea factory = map.factory().orElseThrow();
        assertThat(factory.address()).isEqualTo(0x18000000L);
        assertThat(factory.size()).isEqualTo(0x200000);
        assertThat(factory.offset()).isZero();
        assertThat(factory.memory().name()).isEqualTo("external");
        assertThat(factory.erasedValue()).isEqualTo(0xFF);
        for (FlashArea slot : map.areas()) {
            if (slot.role().isSlot()) {
                assertThat(slot.address() < factory.end() && factory.address() < slot.end())
                        .as("%s overlaps %s", slot, factory).isFalse();
            }
        }
        assertThat(map.areaAt(0x18000000L)).contains(factory);
        assertThat(map.areaAt(0x181FFFFFL)).contains(factory);
        assertThat(map.areaAt(0x18200000L)).isEmpty();
        assertThat(map.maxImageSectors()).isEqualTo(3584);
    }

    @Test
    void projectPlatformFileUsesTheGeneratorsKey() {
        String platform = TestPaths.read(TestPaths.projectFlashmaps().resolve("xmc7200_platform.json"));
        assertThat(platform).contains("\"mem_type\"").doesNotContain("\"type\"");
    }

    @Test
    void readmeListsEveryFile() throws Exception {
        String readme = Files.readString(TestPaths.projectFlashmaps().resolve("README.md"));
        try (var files = Files.list(TestPaths.projectFlashmaps())) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .forEach(name -> assertThat(readme).as("README mentions " + name).contains("`" + name + "`"));
        }
        assertThat(readme).contains("factory_app");
    }
}
