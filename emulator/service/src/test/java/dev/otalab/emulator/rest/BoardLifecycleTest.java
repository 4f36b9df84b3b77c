package dev.otalab.emulator.rest;

import static dev.otalab.emulator.rest.Emu.PROBLEMS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.otalab.mcuboot.keys.KeyType;
import dev.otalab.mcuboot.keys.McubootKey;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /boards}, {@code GET /boards[/{id}]}, {@code DELETE /boards/{id}}. */
@QuarkusTest
class BoardLifecycleTest {

    @Test
    void createsABoardFromAProjectFlashmap() {
        String id = Emu.freshId("life");
        Emu.create(id, Emu.ROLLBACK_MAP, "rollback")
                .then().statusCode(201)
                .header("Location", endsWith("/api/v1/boards/" + id))
                .contentType(ContentType.JSON)
                .body("id", equalTo(id))
                .body("kit", equalTo(Emu.KIT))
                .body("flashmap", equalTo(Emu.ROLLBACK_MAP))
                .body("capabilities", equalTo(java.util.List.of("power", "button", "uart", "led", "program",
                        "emulated", "fault-injection")))
                .body("power", equalTo("off"))
                .body("health", equalTo("GOOD"));

        given().when().get("/api/v1/boards/{id}", id)
                .then().statusCode(200).body("id", equalTo(id)).body("flashmap", equalTo(Emu.ROLLBACK_MAP));
        given().when().get("/api/v1/boards")
                .then().statusCode(200).body("id", hasItem(id));
        // a new board has erased flash: internal 0x00, QSPI 0xFF
        given().queryParam("area", "primary").queryParam("length", 8).when().get("/api/v1/boards/{id}/flash", id)
                .then().statusCode(200).body("data", equalTo(Base64.getEncoder().encodeToString(new byte[8])));
        given().queryParam("area", "secondary").queryParam("length", 4).when().get("/api/v1/boards/{id}/flash", id)
                .then().statusCode(200).body("data", equalTo("/////w=="));
        Emu.delete(id);
    }

    @Test
    void boardsAreListedSortedById() {
        String b = Emu.freshId("sort-b");
        String a = Emu.freshId("sort-a");
        Emu.create(b, Emu.ROLLBACK_MAP, "mcuboot").then().statusCode(201);
        Emu.create(a, Emu.ROLLBACK_MAP, "mcuboot").then().statusCode(201);
        java.util.List<String> ids = given().when().get("/api/v1/boards").then().statusCode(200)
                .extract().jsonPath().getList("id", String.class);
        assertThat(ids).isSorted().contains(a, b);
        Emu.delete(a);
        Emu.delete(b);
    }

    @Test
    void anIdIsChosenWhenNoneIsGiven() {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("kit", Emu.KIT, "flashmap", Emu.ROLLBACK_MAP + ".json"))
                .when().post("/api/v1/boards")
                .then().statusCode(201)
                .body("id", matchesPattern("emu-\\d+"))
                .body("flashmap", equalTo(Emu.ROLLBACK_MAP))
                .extract().path("id");
        given().when().get("/api/v1/boards/{id}", id).then().statusCode(200);
        Emu.delete(id);
    }

    @Test
    void aTakenIdIsAConflictAndTheExistingBoardIsUntouched() {
        String id = Emu.freshId("taken");
        Emu.createRollbackBoard(id);
        byte[] app = Emu.Img.primary("1.0.0", null).bin();
        Emu.program(id, "primary", "bin", app).then().statusCode(200);
        Emu.power(id, "{\"action\":\"on\"}").then().statusCode(200).body("power", equalTo("on"));
        long seq = Emu.latestSeq(id);

        Emu.create(id, "psoc62_2m_ext_swap_single", "mcuboot")
                .then().statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo(PROBLEMS + "conflict"))
                .body("detail", containsString(id));

        given().when().get("/api/v1/boards/{id}", id)
                .then().statusCode(200).body("power", equalTo("on")).body("flashmap", equalTo(Emu.ROLLBACK_MAP));
        assertThat(Emu.latestSeq(id)).isEqualTo(seq);
        byte[] primary = given().queryParam("area", "primary").queryParam("length", app.length)
                .when().get("/api/v1/boards/{id}/flash/raw", id).then().statusCode(200).extract().asByteArray();
        assertThat(primary).isEqualTo(app);
        Emu.delete(id);
    }

    @Test
    void deleteRemovesTheBoardThenItIsNotFound() {
        String id = Emu.freshId("gone");
        Emu.createRollbackBoard(id);
        given().when().delete("/api/v1/boards/{id}", id).then().statusCode(204);

        given().when().get("/api/v1/boards/{id}", id)
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo(PROBLEMS + "board-not-found"))
                .body("title", equalTo("Board not found"))
                .body("status", equalTo(404))
                .body("detail", equalTo("no board '" + id + "'"))
                .body("instance", equalTo("/api/v1/boards/" + id));
        given().when().get("/api/v1/boards").then().statusCode(200).body("id", not(hasItem(id)));
        given().when().delete("/api/v1/boards/{id}", id)
                .then().statusCode(404).body("type", equalTo(PROBLEMS + "board-not-found"));
        Emu.power(id, "{\"action\":\"on\"}").then().statusCode(404).body("type", equalTo(PROBLEMS + "board-not-found"));
        // the id is free again
        Emu.createRollbackBoard(id);
        Emu.delete(id);
    }

    @Test
    void theTrustedKeyOfTheRequestIsTheOneMcubootUses() {
        String id = Emu.freshId("otherkey");
        McubootKey other = McubootKey.generate(KeyType.ECDSA_P256);
        given().contentType(ContentType.JSON)
                .body(Map.of("id", id, "kit", Emu.KIT, "flashmap", Emu.ROLLBACK_MAP, "bootloader", "rollback",
                        "trustedKeyPem", other.publicPem()))
                .when().post("/api/v1/boards").then().statusCode(201);
        // signed with the project test key, which this board does not trust
        Emu.program(id, "primary", "bin", Emu.Img.primary("1.0.0", null).bin()).then().statusCode(200);
        Emu.power(id, "{\"action\":\"on\"}").then().statusCode(200);
        assertThat(Emu.uartTexts(id, 0))
                .contains("[INF] No valid image found in primary slot !")
                .doesNotContain("[INF] Application validated successfully !");
        given().when().get("/api/v1/boards/{id}/slots", id)
                .then().statusCode(200).body("[0].empty", equalTo(false)).body("[0].valid", equalTo(false));
        Emu.delete(id);
    }

    @Test
    void theDefaultKeyIsTheProjectTestKey() {
        String id = Emu.freshId("defkey");
        Emu.createRollbackBoard(id);
        Emu.program(id, "primary", "bin", Emu.Img.primary("1.0.0", null).bin()).then().statusCode(200);
        Emu.power(id, "{\"action\":\"on\"}").then().statusCode(200);
        assertThat(Emu.uartTexts(id, 0)).contains("[INF] Application validated successfully !");
        Emu.delete(id);
    }

    @Test
    void badCreateRequestsAre400AndStoreNothing() {
        String id = Emu.freshId("bad");
        given().contentType(ContentType.JSON)
                .body(Map.of("id", id, "kit", Emu.KIT, "flashmap", "no_such_map"))
                .when().post("/api/v1/boards")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo(PROBLEMS + "bad-request"))
                .body("detail", containsString("unknown flashmap 'no_such_map'"))
                .body("detail", containsString(Emu.ROLLBACK_MAP));
        given().contentType(ContentType.JSON)
                .body(Map.of("id", id, "kit", Emu.KIT, "flashmap", "../keys/otalab-test-ec-p256.pub.pem"))
                .when().post("/api/v1/boards")
                .then().statusCode(400).body("type", equalTo(PROBLEMS + "bad-request"))
                .body("detail", containsString("flashmap must be a file name"));
        given().contentType(ContentType.JSON)
                .body(Map.of("id", id, "kit", Emu.KIT, "flashmap", "xmc7200_platform"))
                .when().post("/api/v1/boards")
                .then().statusCode(400).body("type", equalTo(PROBLEMS + "bad-request"))
                .body("detail", containsString("not usable"));
        // the rollback bootloader needs a factory_app area
        given().contentType(ContentType.JSON)
                .body(Map.of("id", id, "kit", Emu.KIT, "flashmap", "psoc62_2m_ext_swap_single", "bootloader", "rollback"))
                .when().post("/api/v1/boards")
                .then().statusCode(400).body("type", equalTo(PROBLEMS + "bad-request"))
                .body("detail", containsString("factory_app"));
        given().contentType(ContentType.JSON)
                .body(Map.of("id", id, "kit", Emu.KIT, "flashmap", Emu.ROLLBACK_MAP, "trustedKeyPem", "not a key"))
                .when().post("/api/v1/boards")
                .then().statusCode(400).body("type", equalTo(PROBLEMS + "bad-request"))
                .body("detail", startsWith("trustedKeyPem: "));
        given().contentType(ContentType.JSON)
                .body(Map.of("id", id, "kit", Emu.KIT, "flashmap", Emu.ROLLBACK_MAP, "bootloader", "uboot"))
                .when().post("/api/v1/boards")
                .then().statusCode(400).body("type", equalTo(PROBLEMS + "bad-request"))
                .body("detail", equalTo("bootloader must be one of mcuboot|rollback, got 'uboot'"));
        given().contentType(ContentType.JSON)
                .body(Map.of("id", "has space", "kit", Emu.KIT, "flashmap", Emu.ROLLBACK_MAP))
                .when().post("/api/v1/boards")
                .then().statusCode(400).body("detail", containsString("id must be 1..64 characters"));
        given().contentType(ContentType.JSON)
                .body(Map.of("id", id, "flashmap", Emu.ROLLBACK_MAP))
                .when().post("/api/v1/boards")
                .then().statusCode(400).body("detail", equalTo("kit is required"));
        given().contentType(ContentType.JSON).body("{\"id\":\"" + id + "\",\"kit\":")
                .when().post("/api/v1/boards")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("type", equalTo(PROBLEMS + "bad-request"));
        given().contentType(ContentType.JSON)
                .when().post("/api/v1/boards")
                .then().statusCode(400).body("type", equalTo(PROBLEMS + "bad-request"));
        given().contentType(ContentType.TEXT).body("id=" + id)
                .when().post("/api/v1/boards")
                .then().statusCode(415).contentType(startsWith("application/problem+json"))
                .body("type", equalTo(PROBLEMS + "unsupported-media-type"));

        given().when().get("/api/v1/boards/{id}", id).then().statusCode(404);
    }
}
