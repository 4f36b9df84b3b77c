package dev.otalab.emulator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.otalab.ota.OtaVersion;
import dev.otalab.ota.UpdateAvailability;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Boards with the OTA Agent against a real TLS broker and a protocol peer standing in for the servers. */
@QuarkusTest
@TestProfile(OtaBoardsTest.WithOta.class)
class OtaBoardsTest {

    /** Own profile: the OTA settings apply to this test's application only. */
    public static class WithOta implements QuarkusTestProfile {
        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(OtaBrokerResource.class));
        }
    }

    static final String SWAP_MAP = "psoc62_2m_ext_swap_single";

    @Test
    void anOtaAppChecksInDownloadsTheOfferedUpdateAndRebootsIntoIt() throws Exception {
        String id = Emu.freshId("ota");
        byte[] update = new Emu.Img("1.1.0", "{\"blinkMs\":100}", 0xFF, false, false).bin();
        OtaBrokerResource.peer.offer(OtaBrokerResource.OTHER_BOARD, OtaVersion.of(1, 1, 0), update);
        given().contentType(ContentType.JSON)
                .body(Map.of("id", id, "kit", Emu.KIT, "flashmap", SWAP_MAP,
                        "ota", Map.of("board", OtaBrokerResource.OTHER_BOARD, "manufacturer", "otalab")))
                .when().post("/api/v1/boards").then().statusCode(201);
        try {
            Emu.program(id, "primary", "bin", Emu.Img.swapPrimary("1.0.0", null).bin()).then().statusCode(200);
            given().when().get("/api/v1/boards/{id}/ota", id).then().statusCode(200)
                    .body("configured", equalTo(true))
                    .body("board", equalTo(OtaBrokerResource.OTHER_BOARD))
                    .body("serialNumber", equalTo("SN-" + id))
                    .body("state", equalTo("NOT_INITIALIZED"))
                    .body("lastOutcome", equalTo("NONE"));
            Emu.power(id, "{\"action\":\"on\"}").then().statusCode(200);

            JsonPath ota = awaitOta(id, s -> "1.1.0".equals(s.getString("runningVersion"))
                    && "VERSION_NOT_NEWER".equals(s.getString("lastOutcome")));
            assertThat(ota.getString("runningApp")).isEqualTo("ota");
            assertThat(ota.getLong("counters.downloads")).isEqualTo(1);
            assertThat(ota.getLong("counters.updatesPending")).isEqualTo(1);
            assertThat(ota.getLong("counters.bytesWritten")).isEqualTo(update.length);
            assertThat(ota.getString("uniqueTopic")).startsWith("MyUniqueTopic/" + OtaBrokerResource.OTHER_BOARD + "/OTAImage/");
            assertThat(Emu.uartTexts(id, 0)).containsSubsequence(
                    "TEST Application: OTA Update version: 1.0.0",
                    "[OTA] Update 1.1.0 marked pending for MCUboot (test); rebooting in 100 ms",
                    "[INF] Swap type: test",
                    "TEST Application: OTA Update version: 1.1.0");
            given().queryParam("windowMs", 1500).when().get("/api/v1/boards/{id}/led", id).then()
                    .body("periodMs", equalTo(100));
            // the per-board identity reached the wire: serial from the template, manufacturer overridden
            assertThat(OtaBrokerResource.peer.requests()).filteredOn(UpdateAvailability.class::isInstance)
                    .map(m -> (UpdateAvailability) m)
                    .anySatisfy(ua -> {
                        assertThat(ua.identity().serialNumber()).isEqualTo("SN-" + id);
                        assertThat(ua.identity().manufacturer()).isEqualTo("otalab");
                        assertThat(ua.version()).isEqualTo(OtaVersion.of(1, 1, 0));
                    });
        } finally {
            Emu.delete(id);
        }
    }

    @Test
    void aBlinkyRunsNoAgentAndANewBoardTakesTheKitsBoardString() {
        String id = Emu.freshId("ota");
        Emu.create(id, SWAP_MAP, "mcuboot").then().statusCode(201);
        try {
            Emu.program(id, "primary", "bin", Emu.Img.swapPrimary("1.0.0", "{\"app\":\"blinky\"}").bin()).then().statusCode(200);
            Emu.power(id, "{\"action\":\"on\"}").then().statusCode(200);
            given().when().get("/api/v1/boards/{id}/ota", id).then().statusCode(200)
                    .body("configured", equalTo(true))
                    .body("board", equalTo(OtaBrokerResource.KIT_BOARD))
                    .body("runningApp", equalTo("blinky"))
                    .body("state", equalTo("NOT_INITIALIZED"))
                    .body("counters.checks", equalTo(0));
        } finally {
            Emu.delete(id);
        }
    }

    @Test
    void badPerBoardOtaSettingsAreRefusedAndNothingIsCreated() {
        given().contentType(ContentType.JSON)
                .body(Map.of("id", "ota-bad", "kit", Emu.KIT, "flashmap", SWAP_MAP, "ota", Map.of("board", "APP/X")))
                .when().post("/api/v1/boards").then().statusCode(400)
                .body("type", equalTo(Emu.PROBLEMS + "bad-request"))
                .body("detail", startsWith("ota.board: "));
        given().contentType(ContentType.JSON)
                .body(Map.of("id", "ota-bad", "kit", Emu.KIT, "flashmap", SWAP_MAP,
                        "ota", Map.of("serialNumber", "quote\"d")))
                .when().post("/api/v1/boards").then().statusCode(400)
                .body("detail", startsWith("ota.serialNumber: must be 1..64 printable ASCII"));
        given().when().get("/api/v1/boards/ota-bad").then().statusCode(404);
    }

    @Test
    void unknownBoardsOtaStatusIs404() {
        given().when().get("/api/v1/boards/nope/ota").then().statusCode(404)
                .body("type", equalTo(Emu.PROBLEMS + "board-not-found"));
    }

    static JsonPath awaitOta(String id, Predicate<JsonPath> done) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = given().when().get("/api/v1/boards/{id}/ota", id).then().statusCode(200).extract().jsonPath();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("OTA status never reached the expected state; last " + (last == null ? null : last.prettify())
                + "\nconsole: " + String.join("\n", Emu.uartTexts(id, 0)));
    }
}
