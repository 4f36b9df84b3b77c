package dev.otalab.mcuboot.flashmap;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every refused map gives a one-line FlashmapException naming the field and the file. */
class MalformedFlashmapTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SOURCE = "bad.json";

    /** A mutable copy of a map from the project's flashmap/ folder. */
    private static ObjectNode map(String name) {
        try {
            return (ObjectNode) MAPPER.readTree(TestPaths.read(TestPaths.projectFlashmaps().resolve(name)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode swap() {
        return map("psoc62_2m_ext_swap_single.json");
    }

    private static ObjectNode set(ObjectNode root, String pointer, JsonNode value) {
        JsonPointer p = JsonPointer.compile(pointer);
        ((ObjectNode) root.at(p.head())).set(p.last().getMatchingProperty(), value);
        return root;
    }

    private static ObjectNode set(ObjectNode root, String pointer, String value) {
        return set(root, pointer, TextNode.valueOf(value));
    }

    private static ObjectNode remove(ObjectNode root, String pointer) {
        JsonPointer p = JsonPointer.compile(pointer);
        ((ObjectNode) root.at(p.head())).remove(p.last().getMatchingProperty());
        return root;
    }

    private static FlashmapException refused(String json, String field) {
        return refused(FlashmapReader.defaults(), json, field);
    }

    private static FlashmapException refused(FlashmapReader reader, String json, String field) {
        var error = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> reader.parse(json, SOURCE), FlashmapException.class);
        assertThat(error).as("refused").isNotNull();
        assertThat(error.field()).isEqualTo(field);
        assertThat(error.source()).isEqualTo(SOURCE);
        assertThat(error.getMessage()).startsWith(SOURCE + ": " + field + ": ").doesNotContain("\n", "\r");
        return error;
    }

    private static FlashmapException refused(ObjectNode root, String field) {
        return refused(root.toString(), field);
    }

    @Test
    void missingValue() {
        assertThat(refused(remove(swap(), "/boot_and_upgrade/application_1/upgrade_size/value"),
                "boot_and_upgrade.application_1.upgrade_size.value")).hasMessageContaining("missing");
    }

    @Test
    void missingDescription() {
        assertThat(refused(remove(swap(), "/boot_and_upgrade/bootloader/size/description"),
                "boot_and_upgrade.bootloader.size.description")).hasMessageContaining("missing");
    }

    @Test
    void leafThatIsNotAnObject() {
        assertThat(refused(set(swap(), "/boot_and_upgrade/application_1/size", "0x1C0000"),
                "boot_and_upgrade.application_1.size")).hasMessageContaining("expected an object, found string");
    }

    @Test
    void badNumbers() {
        String field = "boot_and_upgrade.application_1.upgrade_size.value";
        for (String bad : new String[] {"0x1C00G0", "", "0x", "-1", "010", "1e6", "0x100000000", "99999999999",
                "0b101", "0x1C0000 trailing"}) {
            assertThat(refused(set(swap(), "/boot_and_upgrade/application_1/upgrade_size/value", bad), field))
                    .as(bad).hasMessageContaining("\"" + bad);
        }
        assertThat(refused(set(swap(), "/boot_and_upgrade/application_1/upgrade_size/value",
                MAPPER.getNodeFactory().numberNode(0x1C0000)), field)).hasMessageContaining("expected a string");
    }

    @Test
    void decimalAndPaddedNumbersAreAccepted() {
        ObjectNode root = set(swap(), "/boot_and_upgrade/application_1/upgrade_size/value", " 1835008 ");
        set(root, "/boot_and_upgrade/application_1/size/value", "0X001C0000");
        assertThat(Flashmap.parse(root.toString(), SOURCE).secondary(1).size()).isEqualTo(0x1C0000);
    }

    @Test
    void missingPrimary() {
        assertThat(refused(remove(swap(), "/boot_and_upgrade/application_1"), "boot_and_upgrade.application_1"))
                .hasMessageContaining("at least one image");
        refused(remove(swap(), "/boot_and_upgrade/application_1/address"), "boot_and_upgrade.application_1.address");
        refused(remove(swap(), "/boot_and_upgrade/bootloader"), "boot_and_upgrade.bootloader");
    }

    @Test
    void imageGap() {
        ObjectNode root = swap();
        ((ObjectNode) root.get("boot_and_upgrade")).set("application_3", root.at("/boot_and_upgrade/application_1"));
        assertThat(refused(root, "boot_and_upgrade.application_3")).hasMessageContaining("application_2 is missing");
    }

    @Test
    void unknownModel() {
        assertThat(refused(set(swap(), "/external_flash/0/model", "S25XX999"), "external_flash[0].model"))
                .hasMessageContaining("S25XX999").hasMessageContaining("S25HS256T");
    }

    @Test
    void explicitExternalGeometry() {
        ObjectNode root = swap();
        ObjectNode entry = (ObjectNode) root.at("/external_flash/0");
        entry.remove("model");
        entry.put("flash-size", "0x4000000").put("erase-size", "0x40000");
        assertThat(Flashmap.parse(root.toString(), SOURCE).memory("external").orElseThrow().size())
                .isEqualTo(0x4000000);
        entry.put("erase-size", "0x30000");
        refused(root, "external_flash[0].erase-size");
        entry.remove("erase-size");
        refused(root, "external_flash[0].erase-size");
    }

    @Test
    void unknownMode() {
        ObjectNode root = swap();
        ((ObjectNode) root.at("/external_flash/0")).put("mode", "XPI");
        refused(root, "external_flash[0].mode");
    }

    @Test
    void overlapNamesBothAreasAndRanges() {
        // scratch moved onto the secondary slot
        FlashmapException e = refused(set(swap(), "/boot_and_upgrade/bootloader/scratch_address/value", "0x18100000"),
                "boot_and_upgrade.bootloader.scratch_address.value");
        assertThat(e).hasMessageContaining("scratch area [0x18100000, 0x18180000) overlaps")
                .hasMessageContaining("image 1 secondary slot [0x18000200, 0x181c0200)")
                .hasMessageContaining("boot_and_upgrade.application_1.upgrade_address.value");
    }

    @Test
    void factoryOverlappingTheSecondary() {
        ObjectNode root = map("psoc62_2m_rollback_swap.json");
        set(root, "/boot_and_upgrade/factory_app/size/value", "0x200400");
        assertThat(refused(root, "boot_and_upgrade.factory_app.address.value"))
                .hasMessageContaining("factory-app reserve [0x18000000, 0x18200400) overlaps image 1 secondary slot"
                        + " [0x18200200, 0x183c0200)");
    }

    @Test
    void areasSharingAnEraseSectorAreRefused() {
        ObjectNode root = map("psoc62_2m_rollback_overwrite.json");
        set(root, "/boot_and_upgrade/factory_app/size/value", "0x180100");
        set(root, "/boot_and_upgrade/application_1/upgrade_address/value", "0x18180200");
        assertThat(refused(root, "boot_and_upgrade.factory_app.address.value"))
                .hasMessageContaining("shares a 0x40000-byte erase sector with image 1 secondary slot");
    }

    @Test
    void areaOutsideMemory() {
        assertThat(refused(set(swap(), "/boot_and_upgrade/bootloader/address/value", "0x20000000"),
                "boot_and_upgrade.bootloader.address.value"))
                .hasMessageContaining("outside every memory")
                .hasMessageContaining("internal [0x10000000, 0x10200000)")
                .hasMessageContaining("external [0x18000000, 0x1a000000)");
        // past the end of the 32 MB part, inside the SMIF window
        refused(set(swap(), "/boot_and_upgrade/bootloader/scratch_address/value", "0x1A000000"),
                "boot_and_upgrade.bootloader.scratch_address.value");
        assertThat(refused(set(swap(), "/boot_and_upgrade/bootloader/scratch_address/value", "0x19FC0000"),
                "boot_and_upgrade.bootloader.scratch_size.value")).hasMessageContaining("runs past the end of memory external");
        assertThat(refused(set(swap(), "/boot_and_upgrade/bootloader/status_size/value", "0x20000"),
                "boot_and_upgrade.bootloader.status_size.value")).hasMessageContaining("runs past the end of memory internal");
    }

    @Test
    void internalSizeFollowsTheDevice() {
        String xip = map("psoc62_512k_xip_swap_single.json").toString();
        ObjectNode moved = set(map("psoc62_512k_xip_swap_single.json"),
                "/boot_and_upgrade/bootloader/status_address/value", "0x10080000");
        assertThat(Flashmap.parse(xip, "psoc62_512k_xip_swap_single.json").memory("internal").orElseThrow().size())
                .isEqualTo(0x80000);
        assertThatThrownBy(() -> Flashmap.parse(moved.toString(), "psoc62_512k_xip_swap_single.json"))
                .isInstanceOf(FlashmapException.class).hasMessageContaining("outside every memory");
        assertThat(FlashmapReader.defaults().withInternalFlashSize(FlashmapReader.PSOC_062_2M)
                .parse(moved.toString(), "psoc62_512k_xip_swap_single.json").status().orElseThrow().address())
                .isEqualTo(0x10080000L);
        assertThatThrownBy(() -> FlashmapReader.defaults().withInternalFlashSize(0x123))
                .isInstanceOf(FlashmapException.class).hasMessageContaining("internalFlashSize");
    }

    @Test
    void externalAreaWithoutExternalFlash() {
        assertThat(refused(remove(swap(), "/external_flash"), "boot_and_upgrade.application_1.upgrade_address.value"))
                .hasMessageContaining("no external_flash");
    }

    @Test
    void sizeMismatch() {
        assertThat(refused(set(swap(), "/boot_and_upgrade/application_1/upgrade_size/value", "0x180000"),
                "boot_and_upgrade.application_1.upgrade_size.value"))
                .hasMessageContaining("differs from primary slot size 0x1c0000");
    }

    @Test
    void misalignedNonSlotArea() {
        assertThat(refused(set(swap(), "/boot_and_upgrade/bootloader/scratch_address/value", "0x18440200"),
                "boot_and_upgrade.bootloader.scratch_address.value"))
                .hasMessageContaining("0x40000-byte erase boundary").hasMessageContaining("0x18440000");
    }

    @Test
    void swapSlotTrailerMustBeAligned() {
        assertThat(refused(set(swap(), "/boot_and_upgrade/application_1/upgrade_address/value", "0x18000000"),
                "boot_and_upgrade.application_1.upgrade_address.value"))
                .hasMessageContaining("trailer").hasMessageContaining("suggested address 0x18000200");
    }

    @Test
    void overwriteSlotsAreNotTrailerChecked() {
        // the generator checks slot alignment only in swap mode
        ObjectNode root = set(map("psoc62_2m_ext_overwrite_single.json"),
                "/boot_and_upgrade/application_1/upgrade_address/value", "0x18000000");
        assertThat(Flashmap.parse(root.toString(), SOURCE).secondary(1).offset()).isZero();
    }

    @Test
    void vectorTableAlignment() {
        assertThat(refused(set(swap(), "/boot_and_upgrade/application_1/address/value", "0x10028200"),
                "boot_and_upgrade.application_1.address.value")).hasMessageContaining("vector table");
    }

    @Test
    void statusTooSmall() {
        assertThat(refused(set(swap(), "/boot_and_upgrade/bootloader/status_size/value", "0x6a00"),
                "boot_and_upgrade.bootloader.status_size.value"))
                .hasMessageContaining("too small").hasMessageContaining("0x6c00");
    }

    @Test
    void halfAPair() {
        refused(remove(swap(), "/boot_and_upgrade/bootloader/scratch_size"), "boot_and_upgrade.bootloader.scratch_size");
        refused(remove(swap(), "/boot_and_upgrade/bootloader/status_address"),
                "boot_and_upgrade.bootloader.status_address");
    }

    @Test
    void unsupportedFeatures() {
        ObjectNode shared = swap();
        ((ObjectNode) shared.at("/boot_and_upgrade/bootloader")).set("shared_slot",
                MAPPER.createObjectNode().put("description", "d").put("value", "TRUE"));
        refused(shared, "boot_and_upgrade.bootloader.shared_slot.value");
        ObjectNode notShared = swap();
        ((ObjectNode) notShared.at("/boot_and_upgrade/bootloader")).set("shared_slot",
                MAPPER.createObjectNode().put("description", "d").put("value", "False"));
        assertThat(Flashmap.parse(notShared.toString(), SOURCE).imageCount()).isEqualTo(1);
        ((ObjectNode) notShared.at("/boot_and_upgrade/bootloader/shared_slot")).put("value", "maybe");
        refused(notShared, "boot_and_upgrade.bootloader.shared_slot.value");
        ObjectNode service = swap();
        ((ObjectNode) service.get("boot_and_upgrade")).set("service_app", MAPPER.createObjectNode());
        refused(service, "boot_and_upgrade.service_app");
    }

    @Test
    void coreIsChecked() {
        ObjectNode root = swap();
        ((ObjectNode) root.at("/boot_and_upgrade/application_1")).set("core",
                MAPPER.createObjectNode().put("description", "d").put("value", "CM4"));
        assertThat(Flashmap.parse(root.toString(), SOURCE).imageCount()).isEqualTo(1);
        ((ObjectNode) root.at("/boot_and_upgrade/application_1/core")).put("value", "CM7");
        refused(root, "boot_and_upgrade.application_1.core.value");
    }

    @Test
    void duplicateKeysAndTrailingGarbageAreNotJson() {
        refused("{\"boot_and_upgrade\": {}, \"boot_and_upgrade\": {}}", "(document)");
        refused(swap().toString() + " {}", "(document)");
    }

    @Test
    void notJson(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{ \"boot_and_upgrade\": { \"bootloader\": ");
        assertThatThrownBy(() -> Flashmap.read(file))
                .isInstanceOfSatisfying(FlashmapException.class, e -> {
                    assertThat(e.field()).isEqualTo("(document)");
                    assertThat(e.getMessage()).startsWith(file + ": (document): not valid JSON at line 1")
                            .doesNotContain("\n");
                });
        Files.write(file, new byte[] {'{', (byte) 0xC3, '}'});
        assertThatThrownBy(() -> Flashmap.read(file)).isInstanceOf(FlashmapException.class)
                .hasMessageContaining("not UTF-8");
        refused("[1, 2]", "(document)");
        refused("{\"something\": 1}", "(document)");
    }

    @Test
    void emptyFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("empty.json");
        Files.writeString(file, "");
        assertThatThrownBy(() -> Flashmap.read(file))
                .isInstanceOfSatisfying(FlashmapException.class, e -> {
                    assertThat(e.field()).isEqualTo("(document)");
                    assertThat(e.getMessage()).isEqualTo(file + ": (document): the file is empty");
                });
        refused("  \n ", "(document)");
    }

    @Test
    void missingFile(@TempDir Path dir) {
        assertThatThrownBy(() -> Flashmap.read(dir.resolve("nope.json")))
                .isInstanceOf(FlashmapException.class).hasMessageContaining("cannot read");
    }

    // ---- XMC7000 ----

    private static final FlashmapReader XMC = FlashmapReader.defaults()
            .withPlatformFile(TestPaths.projectFlashmaps().resolve("xmc7200_platform.json"));

    private static ObjectNode xmcSwap() {
        return map("xmc7200_int_swap_single.json");
    }

    @Test
    void xmcNeedsAPlatformFile() {
        String json = xmcSwap().toString();
        refused(json, "(platform file)");
        assertThat(XMC.parse(json, SOURCE).maxImageSectors()).isEqualTo(80);
    }

    @Test
    void xmcFieldsAreNamed() {
        refused(XMC, remove(xmcSwap(), "/application_1/slots/upgrade").toString(), "application_1.slots.upgrade");
        refused(XMC, set(xmcSwap(), "/application_1/slots/size", "0x2OOOOO").toString(), "application_1.slots.size");
        refused(XMC, remove(xmcSwap(), "/bootloader/bootloader_area").toString(), "bootloader.bootloader_area");
        assertThat(refused(XMC, set(xmcSwap(), "/application_1/slots/upgrade", "0x10100000").toString(),
                "application_1.slots.upgrade")).hasMessageContaining(
                "image 1 secondary slot [0x10100000, 0x10300000) overlaps image 1 primary slot [0x10080000, 0x10280000)");
        assertThat(refused(XMC, set(xmcSwap(), "/bootloader/status_area/address", "0x14030040").toString(),
                "bootloader.status_area.address")).hasMessageContaining("0x80-byte erase boundary");
        assertThat(refused(XMC, set(xmcSwap(), "/application_1/slots/upgrade", "0x10700000").toString(),
                "application_1.slots.size")).hasMessageContaining("runs past the end of memory INTERNAL_FLASH_CODE_LARGE");
    }

    @Test
    void platformFileProblemsNameThePlatformField(@TempDir Path dir) throws IOException {
        Path platform = dir.resolve("platform.json");
        ObjectNode root = (ObjectNode) MAPPER.readTree(
                TestPaths.read(TestPaths.projectFlashmaps().resolve("xmc7200_platform.json")));
        ((ObjectNode) root.at("/memory_regions/1")).remove("mem_type");
        Files.writeString(platform, root.toString());
        FlashmapReader reader = FlashmapReader.defaults().withPlatformFile(platform);
        assertThatThrownBy(() -> reader.parse(xmcSwap().toString(), SOURCE))
                .isInstanceOfSatisfying(FlashmapException.class, e -> {
                    assertThat(e.source()).isEqualTo(platform.toString());
                    assertThat(e.field()).isEqualTo("memory_regions[1].mem_type");
                });
        ((ObjectNode) root.at("/memory_regions/1")).put("mem_type", "A").put("type", "B");
        Files.writeString(platform, root.toString());
        assertThatThrownBy(() -> reader.parse(xmcSwap().toString(), SOURCE))
                .isInstanceOf(FlashmapException.class).hasMessageContaining("contradicts");
        ((ObjectNode) root.at("/memory_regions/1")).put("type", "A").put("erase_size", "0x1");
        ((ObjectNode) root.at("/memory_regions/0")).put("size", "0xF0000000").put("erase_size", "0x1");
        Files.writeString(platform, root.toString());
        assertThatThrownBy(() -> reader.parse(xmcSwap().toString(), SOURCE))
                .isInstanceOfSatisfying(FlashmapException.class,
                        e -> assertThat(e.field()).isEqualTo("memory_regions[0].erase_size"));
        ((ObjectNode) root.at("/memory_regions/0")).put("size", "0x7F0000").put("erase_size", "0x8000");
        ((ObjectNode) root.at("/memory_regions/1")).put("erase_size", "0x2000").put("address", "0x107E0000");
        Files.writeString(platform, root.toString());
        assertThatThrownBy(() -> reader.parse(xmcSwap().toString(), SOURCE))
                .isInstanceOfSatisfying(FlashmapException.class,
                        e -> assertThat(e.field()).isEqualTo("memory_regions[1].address"));
    }

    @Test
    void platformFileIsNotAMap() {
        refused(TestPaths.read(TestPaths.projectFlashmaps().resolve("xmc7200_platform.json")), "(document)");
    }
}
