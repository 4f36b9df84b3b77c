package dev.otalab.emulator.rest;

import static dev.otalab.emulator.rest.Emu.PROBLEMS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /boards/{id}/faults}: arming, tripping, disarming power losses. */
@QuarkusTest
class FaultInjectionTest {

    String id;

    @BeforeEach
    void runningOtaApp() {
        id = Emu.freshId("fault");
        Emu.createRollbackBoard(id);
        Emu.program(id, "primary", "bin", Emu.Img.primary("1.1.0", null).bin()).then().statusCode(200);
        Emu.power(id, "{\"action\":\"on\"}").then().statusCode(200);
    }

    @AfterEach
    void deleteBoard() {
        Emu.delete(id);
    }

    private Response arm(String json) {
        return given().contentType(ContentType.JSON).body(json).when().post("/api/v1/boards/{id}/faults", id);
    }

    @Test
    void aPowerLossAtAFlashOperationInterruptsTheUpgradeAndTheNextBootFinishesIt() {
        given().when().get("/api/v1/boards/{id}/faults", id)
                .then().statusCode(200).body("$", not(hasKey("armed")))
                .body("flashOps", equalTo(0)).body("tripped", equalTo(false));

        arm("{\"powerLossAtFlashOp\":3}")
                .then().statusCode(200)
                .body("armed.powerLossAtFlashOp", equalTo(3))
                .body("flashOps", equalTo(0)).body("tripped", equalTo(false))
                .body("$", not(hasKey("trippedAt")));
        // programming is the programmer's doing: not counted
        Emu.program(id, "secondary", "hex", Emu.Img.upgrade("2.0.0", null).hex(Emu.SECONDARY)).then().statusCode(200);
        given().when().get("/api/v1/boards/{id}/faults", id)
                .then().statusCode(200).body("flashOps", equalTo(0)).body("tripped", equalTo(false));
        long seq = Emu.latestSeq(id);

        // MCUboot's overwrite upgrade erases the primary: the third flash operation cuts the power
        Emu.power(id, "{\"action\":\"cycle\",\"offMs\":10}").then().statusCode(200).body("power", equalTo("off"));
        given().when().get("/api/v1/boards/{id}/faults", id)
                .then().statusCode(200)
                .body("armed.powerLossAtFlashOp", equalTo(3))
                .body("flashOps", equalTo(3))
                .body("tripped", equalTo(true))
                .body("trippedAt", notNullValue());
        List<String> cut = Emu.uartTexts(id, seq);
        assertThat(cut).contains("[INF] Swap type: test", "[INF] Image upgrade secondary slot -> primary slot");
        assertThat(cut).doesNotContain("[INF] Application validated successfully !");
        given().when().get("/api/v1/boards/{id}", id).then().body("power", equalTo("off"));

        // it fires once: the next power-on resumes the upgrade and boots 2.0.0
        seq = Emu.latestSeq(id);
        Emu.power(id, "{\"action\":\"on\"}").then().statusCode(200).body("power", equalTo("on"));
        assertThat(Emu.uartTexts(id, seq)).contains(
                "[INF] Image upgrade secondary slot -> primary slot",
                "[INF] Application validated successfully !",
                "TEST Application: OTA Update version: 2.0.0");
        given().when().get("/api/v1/boards/{id}/slots", id).then().body("[0].version", equalTo("2.0.0"));
    }

    @Test
    void aTimedPowerLossWithOffMsRebootsTheKitByItself() {
        long seq = Emu.latestSeq(id);
        arm("{\"powerLossAfterMs\":100,\"offMs\":100}")
                .then().statusCode(200)
                .body("armed.powerLossAfterMs", equalTo(100)).body("armed.offMs", equalTo(100))
                .body("tripped", equalTo(false));
        Emu.expect(id, "{\"pattern\":\"OTA Update version: 1\\\\.1\\\\.0\",\"sinceSeq\":" + seq + ",\"timeoutMs\":10000}")
                .then().statusCode(200).body("status", equalTo("MATCHED")).body("line.seq", equalTo((int) seq + 14));
        given().when().get("/api/v1/boards/{id}/faults", id)
                .then().statusCode(200).body("tripped", equalTo(true)).body("trippedAt", notNullValue());
        given().when().get("/api/v1/boards/{id}", id).then().body("power", equalTo("on"));
    }

    @Test
    void disarmingKeepsThePowerOn() {
        arm("{\"powerLossAfterMs\":300}").then().statusCode(200);
        given().when().delete("/api/v1/boards/{id}/faults", id).then().statusCode(204);
        given().when().get("/api/v1/boards/{id}/faults", id)
                .then().statusCode(200).body("$", not(hasKey("armed"))).body("tripped", equalTo(false));
        given().queryParam("windowMs", 600).when().get("/api/v1/boards/{id}/led", id).then().statusCode(200);
        given().when().get("/api/v1/boards/{id}", id).then().body("power", equalTo("on"));
    }

    @Test
    void armingAgainReplacesTheFault() {
        arm("{\"powerLossAtFlashOp\":50}").then().statusCode(200);
        arm("{\"powerLossAtFlashOp\":7}").then().statusCode(200).body("armed.powerLossAtFlashOp", equalTo(7));
        given().when().get("/api/v1/boards/{id}/faults", id).then().body("armed.powerLossAtFlashOp", equalTo(7));
    }

    @Test
    void badFaultRequestsAre400AndLeaveTheArmedFault() {
        arm("{\"powerLossAtFlashOp\":9}").then().statusCode(200);
        arm("{}").then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "bad-request"))
                .body("detail", equalTo("give powerLossAtFlashOp or powerLossAfterMs (or both)"));
        arm("{\"powerLossAtFlashOp\":0}").then().statusCode(400)
                .body("detail", equalTo("powerLossAtFlashOp must be between 1 and 9223372036854775807, got 0"));
        arm("{\"powerLossAfterMs\":\"soon\"}").then().statusCode(400).body("type", equalTo(PROBLEMS + "bad-request"));
        given().when().get("/api/v1/boards/{id}/faults", id).then().body("armed.powerLossAtFlashOp", equalTo(9));
    }
}
