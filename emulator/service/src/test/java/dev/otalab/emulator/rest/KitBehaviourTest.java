package dev.otalab.emulator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.otalab.mcuboot.sign.SignedImage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Button and rollback, LED, slots before/after an upgrade, flash dumps. */
@QuarkusTest
class KitBehaviourTest {

    static final String FACTORY_JSON = "{\"app\":\"factory\",\"blinkMs\":500}";

    String id;
    byte[] factory;

    @BeforeEach
    void rollbackBoardWithFactoryImage() {
        id = Emu.freshId("kit");
        Emu.createRollbackBoard(id);
        factory = Emu.Img.factory("1.0.0", FACTORY_JSON).bin();
        Emu.program(id, "factory", "bin", factory).then().statusCode(200);
    }

    @AfterEach
    void deleteBoard() {
        Emu.delete(id);
    }

    @Test
    void ledBlinksAtTheIntervalTheImageAsksFor() {
        Emu.program(id, "primary", "bin", Emu.Img.primary("1.1.0", "{\"blinkMs\":100}").bin()).then().statusCode(200);
        // off: dark, no edges
        given().queryParam("windowMs", 300).when().get("/api/v1/boards/{id}/led", id)
                .then().statusCode(200)
                .body("on", equalTo(false)).body("edges", equalTo(0)).body("windowMs", equalTo(300))
                .body("$", not(hasKey("periodMs")));
        Emu.power(id, "{\"action\":\"on\"}").then().statusCode(200);
        JsonPath led = given().queryParam("windowMs", 1000).when().get("/api/v1/boards/{id}/led", id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(led.getLong("periodMs")).isEqualTo(100);
        assertThat(led.getInt("edges")).isBetween(9, 11);
        assertThat(led.getLong("windowMs")).isEqualTo(1000);
        Emu.power(id, "{\"action\":\"off\"}").then().statusCode(200);
        given().queryParam("windowMs", 300).when().get("/api/v1/boards/{id}/led", id)
                .then().statusCode(200).body("on", equalTo(false)).body("edges", equalTo(0));
    }

    @Test
    void buttonHeldAtBootRollsBackToTheFactoryApp() {
        Emu.program(id, "primary", "bin", Emu.Img.primary("1.1.0", null).bin()).then().statusCode(200);
        Emu.power(id, "{\"action\":\"on\"}").then().statusCode(200);
        long seq = Emu.latestSeq(id);

        Emu.button(id, "{\"action\":\"hold\"}").then().statusCode(204);
        Emu.power(id, "{\"action\":\"cycle\",\"offMs\":20}").then().statusCode(200).body("power", equalTo("on"));
        Emu.button(id, "{\"action\":\"release\"}").then().statusCode(204);

        List<String> lines = Emu.uartTexts(id, seq);
        assertThat(lines).containsSubsequence(
                "[INF] MCUboot Bootloader Started",
                "[INF] Application validated successfully !",
                "[INF] Detected user button event",
                "[INF] Rollback initiated at startup ",
                "[INF] Valid image magic found",
                "[INF] Erasing primary slot. Please wait for a while...",
                "[INF] Transferring 'Factory App' to 'primary slot'",
                "[INF] Please wait for a while...",
                "[INF] Factory App copied to primary slot successfully",
                "[INF] Factory app validated successfully",
                "[INF] Starting User Application (wait)...",
                "[INF] Start slot Address: 0x10018400",
                "[INF] Launching Factory App on CM4. Please wait...",
                "[INF] MCUBoot Bootloader finished.",
                "Deinitializing hardware...",
                "[Factory App] Version:1.0.0 IMAGE_TYPE:UPGRADE CPU:CM4_0\r"
                        + "===============================================================",
                "Watchdog timer started by the bootloader is now turned off!!!",
                "Starting LED task...",
                "****Waiting for user button press event****");
        assertThat(lines).doesNotContain("[INF] Launching User App on CM4. Please wait...");

        // the primary now holds the factory image
        String factoryHash = HexFormat.of().formatHex(Emu.Img.factory("1.0.0", FACTORY_JSON).sign().digest());
        given().when().get("/api/v1/boards/{id}/slots", id)
                .then().statusCode(200)
                .body("[0].version", equalTo("1.0.0"))
                .body("[0].hash", equalTo(factoryHash))
                .body("[0].active", equalTo(true));
        // the factory app blinks at 500 ms and answers a press by starting its OTA task
        given().queryParam("windowMs", 1200).when().get("/api/v1/boards/{id}/led", id)
                .then().statusCode(200).body("periodMs", equalTo(500));
        long before = Emu.latestSeq(id);
        Emu.button(id, "{\"action\":\"press\",\"ms\":50}").then().statusCode(204);
        assertThat(Emu.uartTexts(id, before)).containsExactly(
                "Detected user button event...", "Starting OTA task...", "state_mgr task entering IDLE state...", "");
    }

    @Test
    void anEmptyPrimaryWaitsForAPressThenRollsBack() {
        Emu.power(id, "{\"action\":\"on\"}").then().statusCode(200);
        assertThat(Emu.uartTexts(id, 0)).endsWith(
                "[INF] No Upgrade available !",
                "[INF] No valid image found in primary slot !",
                "[INF] Press and release user button to initiate Rollback ",
                "");
        given().queryParam("windowMs", 200).when().get("/api/v1/boards/{id}/led", id)
                .then().statusCode(200).body("edges", equalTo(0));
        long seq = Emu.latestSeq(id);

        Emu.button(id, "{\"action\":\"press\",\"ms\":100}").then().statusCode(204);

        assertThat(Emu.uartTexts(id, seq)).startsWith(
                "[INF] Detected user button event ",
                "[INF] Initiating the Rollback...",
                "", // the line ends "\r\n" before the bootloader's own "\n\r"
                "[INF] Valid image magic found");
        Emu.expect(id, "{\"pattern\":\"\\\\[Factory App\\\\] Version:(?<v>[0-9.]+)\",\"sinceSeq\":" + seq + ",\"timeoutMs\":0}")
                .then().body("status", equalTo("MATCHED")).body("groups.v", equalTo("1.0.0"));
    }

    @Test
    void slotsShowAPendingUpgradeThenTheUpgradedImage() {
        SignedImage v1 = Emu.Img.primary("1.1.0", null).sign();
        Emu.program(id, "primary", "bin", v1.toBinary()).then().statusCode(200);
        Emu.power(id, "{\"action\":\"on\"}").then().statusCode(200);
        String v1Hash = HexFormat.of().formatHex(v1.digest());
        given().when().get("/api/v1/boards/{id}/slots", id)
                .then().statusCode(200)
                .body("size()", equalTo(2))
                .body("[0].image", equalTo(0)).body("[0].slot", equalTo(0))
                .body("[0].area", equalTo("primary")).body("[0].address", equalTo((int) Emu.PRIMARY))
                .body("[0].version", equalTo("1.1.0")).body("[0].hash", equalTo(v1Hash))
                .body("[0].valid", equalTo(true)).body("[0].bootable", equalTo(true))
                .body("[0].confirmed", equalTo(true)).body("[0].active", equalTo(true))
                .body("[1].slot", equalTo(1)).body("[1].area", equalTo("secondary"))
                .body("[1].address", equalTo((int) Emu.SECONDARY))
                .body("[1].empty", equalTo(true)).body("[1]", not(hasKey("version")));

        Emu.Img up = Emu.Img.upgrade("2.0.0", "{\"app\":\"blinky\"}");
        String v2Hash = HexFormat.of().formatHex(up.sign().digest());
        Emu.program(id, "secondary", "hex", up.hex(Emu.SECONDARY)).then().statusCode(200);
        given().when().get("/api/v1/boards/{id}/slots", id)
                .then().statusCode(200)
                .body("[0].version", equalTo("1.1.0"))
                .body("[1].empty", equalTo(false)).body("[1].version", equalTo("2.0.0"))
                .body("[1].hash", equalTo(v2Hash)).body("[1].valid", equalTo(true))
                .body("[1].pending", equalTo(true)).body("[1].permanent", equalTo(false))
                .body("[1].active", equalTo(false));

        long seq = Emu.latestSeq(id);
        Emu.power(id, "{\"action\":\"cycle\",\"offMs\":10}").then().statusCode(200);
        assertThat(Emu.uartTexts(id, seq)).contains(
                "[INF] Swap type: test",
                "[INF] Image upgrade secondary slot -> primary slot",
                "[Blinky App] Version:2.0.0 IMAGE_TYPE:UPGRADE CPU:CM4_0",
                "[Blinky App] User LED toggles at 250 msec interval");
        given().when().get("/api/v1/boards/{id}/slots", id)
                .then().statusCode(200)
                .body("[0].version", equalTo("2.0.0")).body("[0].hash", equalTo(v2Hash))
                .body("[0].active", equalTo(true)).body("[0].confirmed", equalTo(true))
                .body("[1].empty", equalTo(true)).body("[1].pending", equalTo(false));
    }

    @Test
    void flashDumpsGiveBackWhatWasProgrammed() {
        // JSON, whole image from the area start
        JsonPath dump = given().queryParam("area", "factory").queryParam("length", factory.length)
                .when().get("/api/v1/boards/{id}/flash", id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(dump.getString("area")).isEqualTo("factory");
        assertThat(dump.getLong("address")).isEqualTo(Emu.FACTORY);
        assertThat(dump.getInt("length")).isEqualTo(factory.length);
        assertThat(Base64.getDecoder().decode(dump.getString("data"))).isEqualTo(factory);

        // raw, with an offset
        byte[] raw = given().queryParam("area", "factory").queryParam("offset", 16).queryParam("length", 64)
                .when().get("/api/v1/boards/{id}/flash/raw", id)
                .then().statusCode(200).contentType("application/octet-stream").extract().asByteArray();
        assertThat(raw).isEqualTo(Arrays.copyOfRange(factory, 16, 80));

        // by address: the image then the erased QSPI fill
        byte[] byAddress = given().queryParam("area", "0x18000000").queryParam("length", factory.length + 8)
                .when().get("/api/v1/boards/{id}/flash/raw", id)
                .then().statusCode(200).extract().asByteArray();
        assertThat(Arrays.copyOf(byAddress, factory.length)).isEqualTo(factory);
        assertThat(Arrays.copyOfRange(byAddress, factory.length, factory.length + 8))
                .containsOnly((byte) 0xFF);
        given().queryParam("area", "0x18000000").queryParam("length", 4)
                .when().get("/api/v1/boards/{id}/flash", id)
                .then().statusCode(200).body("$", not(hasKey("area"))).body("address", equalTo((int) Emu.FACTORY))
                // MCUboot image magic 0x96f3b83d, little endian
                .body("data", equalTo(Base64.getEncoder().encodeToString(new byte[] {0x3d, (byte) 0xb8, (byte) 0xf3, (byte) 0x96})));

        // a HEX image lands at its own addresses
        Emu.Img up = Emu.Img.upgrade("2.0.0", null);
        byte[] image = up.sign().image();
        Emu.program(id, "secondary", "hex", up.hex(Emu.SECONDARY)).then().statusCode(200);
        byte[] secondary = given().queryParam("area", "secondary").queryParam("length", image.length)
                .when().get("/api/v1/boards/{id}/flash/raw", id).then().statusCode(200).extract().asByteArray();
        assertThat(secondary).isEqualTo(image);
        // the whole area by default
        int whole = given().queryParam("area", "secondary").when().get("/api/v1/boards/{id}/flash", id)
                .then().statusCode(200).extract().path("length");
        assertThat(whole).isEqualTo((int) Emu.SLOT);
    }
}
