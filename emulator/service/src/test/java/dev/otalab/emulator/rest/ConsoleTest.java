package dev.otalab.emulator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Power, UART read, expect and write on a rollback kit running a signed OTA app. */
@QuarkusTest
class ConsoleTest {

    /**
     * What the kit prints from power-on to the running OTA app v1.1.0 (psoc6-kits.md §6.4, §7): the
     * banner ends with a blank line, and {@code "\nWatchdog ...!!!\n\n"} adds one before and after.
     */
    static final List<String> BOOT_TO_OTA_APP = List.of(
            "[INF] \u001b[2J\u001b[;H",
            "[INF] MCUboot Bootloader Started",
            "[INF] External Memory initialized w/ SFDP.",
            "[INF] boot_swap_type_multi: Primary image: magic=unset, swap_type=0x1, copy_done=0x3, image_ok=0x3",
            "[INF] boot_swap_type_multi: Secondary image: magic=unset, swap_type=0x1, copy_done=0x3, image_ok=0x3",
            "[INF] Swap type: none",
            "[INF] Application validated successfully !",
            "[INF] Starting User Application (wait)...",
            "[INF] Start slot Address: 0x10018400",
            "[INF] Launching User App on CM4. Please wait...",
            "[INF] MCUBoot Bootloader finished.",
            "Deinitializing hardware...",
            "===============================================================",
            "TEST Application: OTA Update version: 1.1.0",
            "===============================================================",
            "",
            "",
            "Watchdog timer started by the bootloader is now turned off!!!",
            "");

    /** Lines of one boot to the OTA app; the blank ones are recorded too. */
    static final int BOOT_LINES = BOOT_TO_OTA_APP.size();

    String id;

    @BeforeEach
    void bootAnOtaApp() {
        id = Emu.freshId("console");
        Emu.createRollbackBoard(id);
        Emu.program(id, "factory", "bin", Emu.Img.factory("1.0.0", "{\"app\":\"factory\"}").bin())
                .then().statusCode(200).body("area", equalTo("factory")).body("address", equalTo((int) Emu.FACTORY));
        byte[] app = Emu.Img.primary("1.1.0", "{\"app\":\"ota\",\"blinkMs\":100}").bin();
        Emu.program(id, "primary", "bin", app)
                .then().statusCode(200)
                .body("area", equalTo("primary"))
                .body("address", equalTo((int) Emu.PRIMARY))
                .body("bytes", equalTo(app.length))
                .body("format", equalTo("bin"));
        // programming neither powers nor resets the kit
        given().when().get("/api/v1/boards/{id}", id).then().body("power", equalTo("off"));
        assertThat(Emu.latestSeq(id)).isZero();
        Emu.power(id, "{\"action\":\"on\"}").then().statusCode(200).body("power", equalTo("on"));
    }

    @AfterEach
    void deleteBoard() {
        Emu.delete(id);
    }

    @Test
    void powerOnBootsTheProgrammedImageWithTheExactConsoleLines() {
        JsonPath page = given().queryParam("since", 0).when().get("/api/v1/boards/{id}/uart", id)
                .then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("lines.text", String.class)).isEqualTo(BOOT_TO_OTA_APP);
        List<Integer> seqs = page.getList("lines.seq", Integer.class);
        assertThat(seqs).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        assertThat(page.getLong("latestSeq")).isEqualTo(19);
        assertThat(page.getLong("nextSince")).isEqualTo(19);
        assertThat(page.getLong("dropped")).isZero();
        assertThat(page.getString("lines[0].timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void uartPagesWithSinceAndLimit() {
        given().queryParam("since", 3).queryParam("limit", 2).when().get("/api/v1/boards/{id}/uart", id)
                .then().statusCode(200)
                .body("lines.seq", equalTo(List.of(4, 5)))
                .body("lines[0].text", equalTo(BOOT_TO_OTA_APP.get(3)))
                .body("nextSince", equalTo(5))
                .body("latestSeq", equalTo(BOOT_LINES));
        given().queryParam("since", BOOT_LINES).when().get("/api/v1/boards/{id}/uart", id)
                .then().statusCode(200).body("lines", hasSize(0)).body("nextSince", equalTo(BOOT_LINES));
    }

    @Test
    void powerOffThenCycleBootsAgain() {
        Emu.power(id, "{\"action\":\"off\"}").then().statusCode(200).body("power", equalTo("off"));
        given().when().get("/api/v1/boards/{id}", id).then().body("power", equalTo("off"));
        Emu.power(id, "{\"action\":\"cycle\",\"offMs\":50}").then().statusCode(200).body("power", equalTo("on"));
        // the second boot prints the same lines again, numbered on, except that the app confirmed
        // itself during the first run: MCUboot now finds the primary's magic and image_ok set
        List<String> second = new java.util.ArrayList<>(BOOT_TO_OTA_APP);
        second.set(3, "[INF] boot_swap_type_multi: Primary image: magic=good, swap_type=0x1, copy_done=0x3, image_ok=0x1");
        assertThat(Emu.uartTexts(id, BOOT_LINES)).isEqualTo(second);
        assertThat(Emu.latestSeq(id)).isEqualTo(2 * BOOT_LINES);
    }

    @Test
    void expectMatchesWithNumberedAndNamedGroups() {
        Emu.expect(id, """
                {"pattern":"OTA Update version: (?<major>\\\\d+)\\\\.(\\\\d+)\\\\.(?<rev>\\\\d+)","sinceSeq":0,"timeoutMs":1000}""")
                .then().statusCode(200)
                .body("status", equalTo("MATCHED"))
                .body("line.seq", equalTo(14))
                .body("line.text", equalTo("TEST Application: OTA Update version: 1.1.0"))
                .body("groups", equalTo(Map.of("0", "OTA Update version: 1.1.0", "1", "1", "2", "1", "3", "0",
                        "major", "1", "rev", "0")))
                .body("lastSeq", equalTo(14))
                .body("notMatchingPattern", nullValue());
        // continuing after lastSeq finds the next match only
        Emu.expect(id, "{\"pattern\":\"^=+$\",\"sinceSeq\":14,\"timeoutMs\":0}")
                .then().statusCode(200).body("status", equalTo("MATCHED")).body("line.seq", equalTo(15));
    }

    @Test
    void expectTimesOutWhenNothingMatches() {
        Emu.expect(id, "{\"pattern\":\"Factory App\",\"sinceSeq\":0,\"timeoutMs\":300}")
                .then().statusCode(200)
                .body("status", equalTo("TIMEOUT"))
                .body("line", nullValue())
                .body("groups", anEmptyMap())
                .body("lastSeq", equalTo(BOOT_LINES));
        // timeoutMs 0 only looks at what is there
        Emu.expect(id, "{\"pattern\":\"Bootloader Started\",\"sinceSeq\":2,\"timeoutMs\":0}")
                .then().statusCode(200).body("status", equalTo("TIMEOUT")).body("lastSeq", equalTo(BOOT_LINES));
    }

    @Test
    void expectStopsAtANotMatchingLine() {
        Emu.expect(id, """
                {"pattern":"Launching Factory App","notMatching":["Launching (User) App"],"sinceSeq":0,"timeoutMs":1000}""")
                .then().statusCode(200)
                .body("status", equalTo("NOT_MATCHING"))
                .body("notMatchingPattern", equalTo("Launching (User) App"))
                .body("line.seq", equalTo(10))
                .body("line.text", equalTo("[INF] Launching User App on CM4. Please wait..."))
                .body("groups", equalTo(Map.of("0", "Launching User App", "1", "User")))
                .body("lastSeq", equalTo(10));
    }

    @Test
    void expectWaitsForLinesThatArriveLater() throws Exception {
        long before = Emu.latestSeq(id);
        CompletableFuture<JsonPath> waiting = CompletableFuture.supplyAsync(() -> Emu.expect(id,
                "{\"pattern\":\"version: (\\\\S+)\",\"sinceSeq\":" + before + ",\"timeoutMs\":20000}")
                .then().statusCode(200).extract().jsonPath());
        Thread.sleep(200);
        assertThat(waiting).isNotDone();
        Emu.power(id, "{\"action\":\"cycle\",\"offMs\":10}").then().statusCode(200);
        JsonPath r = waiting.get(20, TimeUnit.SECONDS);
        assertThat(r.getString("status")).isEqualTo("MATCHED");
        assertThat(r.getLong("line.seq")).isEqualTo(before + 14);
        assertThat(r.getString("groups.1")).isEqualTo("1.1.0");
    }

    @Test
    void writeAnswersTheBlinkyPrompt() {
        // swap-mode rollback map: blinky 1.0.0 runs, blinky 2.0.0 waits in the secondary for a TEST swap
        String swap = Emu.freshId("blinky");
        Emu.create(swap, "psoc62_2m_rollback_swap", "rollback").then().statusCode(201);
        Emu.program(swap, "primary", "bin", Emu.Img.swapPrimary("1.0.0", "{\"app\":\"blinky\"}").bin())
                .then().statusCode(200);
        Emu.program(swap, "secondary", "hex", Emu.Img.swapUpgrade("2.0.0", "{\"app\":\"blinky\"}").hex(Emu.SECONDARY))
                .then().statusCode(200).body("format", equalTo("hex")).body("address", equalTo((int) Emu.SECONDARY));
        Emu.power(swap, "{\"action\":\"on\"}").then().statusCode(200);
        Emu.expect(swap, "{\"pattern\":\"permanent \\\\(Y/N\\\\) \\\\?\",\"sinceSeq\":0,\"timeoutMs\":5000}")
                .then().body("status", equalTo("MATCHED"))
                .body("line.text", equalTo("[Blinky App] Do you want to mark the upgrade image in primary slot permanent (Y/N) ?"));
        given().when().get("/api/v1/boards/{id}/slots", swap)
                .then().statusCode(200).body("[0].version", equalTo("2.0.0")).body("[0].confirmed", equalTo(false));
        long seq = Emu.latestSeq(swap);

        given().contentType(ContentType.JSON).body("{\"text\":\"Y\"}")
                .when().post("/api/v1/boards/{id}/uart/write", swap)
                .then().statusCode(204);

        List<String> answer = Emu.uartTexts(swap, seq);
        assertThat(answer.get(0)).isEqualTo("[Blinky App] Received response: Y");
        assertThat(answer.get(1)).startsWith("[Blinky App] SWAP Status : Image OK was set at 0x");
        assertThat(answer).contains("[Blinky App] User LED toggles at 250 msec interval");
        given().when().get("/api/v1/boards/{id}/slots", swap)
                .then().statusCode(200)
                .body("[0].version", equalTo("2.0.0"))
                .body("[0].confirmed", equalTo(true))
                .body("[0].active", equalTo(true))
                .body("[1].version", equalTo("1.0.0"));
        Emu.delete(swap);
    }
}
