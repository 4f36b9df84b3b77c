package dev.otalab.emulator.rest;

import static dev.otalab.emulator.rest.Emu.PROBLEMS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every error is problem JSON with a stable type, and bad input changes nothing stored. */
@QuarkusTest
class BadInputTest {

    String id;
    byte[] app;

    @BeforeEach
    void runningBoard() {
        id = Emu.freshId("bad");
        Emu.createRollbackBoard(id);
        app = Emu.Img.primary("1.1.0", null).bin();
        Emu.program(id, "primary", "bin", app).then().statusCode(200);
        Emu.power(id, "{\"action\":\"on\"}").then().statusCode(200);
    }

    @AfterEach
    void deleteBoard() {
        Emu.delete(id);
    }

    private static ValidatableResponse problem(Response r, int status, String type) {
        return r.then().statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo(PROBLEMS + type))
                .body("status", equalTo(status));
    }

    private static RequestSpecification json(String body) {
        return given().contentType(ContentType.JSON).body(body);
    }

    @Test
    void everyEndpointAnswersAnUnknownBoardWith404() {
        String nope = "no-such-board";
        List<Function<String, Response>> calls = List.of(
                b -> given().get("/api/v1/boards/{id}", b),
                b -> json("{\"action\":\"on\"}").post("/api/v1/boards/{id}/power", b),
                b -> json("{\"action\":\"press\"}").post("/api/v1/boards/{id}/button", b),
                b -> given().get("/api/v1/boards/{id}/uart", b),
                b -> json("{\"pattern\":\"x\",\"timeoutMs\":0}").post("/api/v1/boards/{id}/uart/expect", b),
                b -> json("{\"text\":\"Y\"}").post("/api/v1/boards/{id}/uart/write", b),
                b -> given().queryParam("windowMs", 0).get("/api/v1/boards/{id}/led", b),
                b -> given().contentType(ContentType.BINARY).body(new byte[] {1}).queryParam("area", "primary")
                        .post("/api/v1/boards/{id}/program", b),
                b -> json("{\"powerLossAtFlashOp\":1}").post("/api/v1/boards/{id}/faults", b),
                b -> given().get("/api/v1/boards/{id}/faults", b),
                b -> given().delete("/api/v1/boards/{id}/faults", b),
                b -> given().queryParam("area", "primary").get("/api/v1/boards/{id}/flash", b),
                b -> given().queryParam("area", "primary").get("/api/v1/boards/{id}/flash/raw", b),
                b -> given().get("/api/v1/boards/{id}/slots", b),
                b -> given().delete("/api/v1/boards/{id}", b));
        for (Function<String, Response> call : calls) {
            problem(call.apply(nope), 404, "board-not-found")
                    .body("title", equalTo("Board not found"))
                    .body("detail", equalTo("no board '" + nope + "'"))
                    .body("instance", startsWith("/api/v1/boards/" + nope));
        }
    }

    @Test
    void malformedAndInvalidBodiesAre400() {
        problem(json("{\"action\":").post("/api/v1/boards/{id}/power", id), 400, "bad-request");
        problem(json("not json").post("/api/v1/boards/{id}/power", id), 400, "bad-request");
        problem(json("{\"action\":\"reboot\"}").post("/api/v1/boards/{id}/power", id), 400, "bad-request")
                .body("detail", equalTo("action must be one of on|off|cycle, got 'reboot'"));
        problem(json("{\"action\":\"on\",\"offMs\":5}").post("/api/v1/boards/{id}/power", id), 400, "bad-request")
                .body("detail", equalTo("offMs only applies to action 'cycle', not 'on'"));
        problem(json("{\"action\":\"cycle\",\"offMs\":-1}").post("/api/v1/boards/{id}/power", id), 400, "bad-request")
                .body("detail", containsString("offMs must be between 0 and 600000"));
        problem(json("[1,2]").post("/api/v1/boards/{id}/power", id), 400, "bad-request");
        problem(given().contentType(ContentType.JSON).post("/api/v1/boards/{id}/power", id), 400, "bad-request")
                .body("detail", equalTo("a JSON body is required"));
        problem(json("{\"action\":\"release\",\"ms\":10}").post("/api/v1/boards/{id}/button", id), 400, "bad-request")
                .body("detail", equalTo("ms does not apply to action 'release'"));
        problem(json("{\"text\":\"\"}").post("/api/v1/boards/{id}/uart/write", id), 400, "bad-request")
                .body("detail", equalTo("text is required"));
        problem(json("{\"pattern\":\"x\",\"timeoutMs\":700000}").post("/api/v1/boards/{id}/uart/expect", id),
                400, "bad-request").body("detail", containsString("timeoutMs must be between 0 and 600000"));
        problem(json("{\"action\":\"on\"}").contentType(ContentType.XML).post("/api/v1/boards/{id}/power", id),
                415, "unsupported-media-type");
        // nothing happened to the board
        given().get("/api/v1/boards/{id}", id).then().body("power", equalTo("on"));
        assertThat(Emu.latestSeq(id)).isEqualTo(ConsoleTest.BOOT_LINES);
    }

    @Test
    void anInvalidRegexIs400BeforeAnyWaiting() {
        problem(json("{\"pattern\":\"version: (\\\\d+\",\"timeoutMs\":60000}").post("/api/v1/boards/{id}/uart/expect", id),
                400, "bad-request")
                .body("detail", startsWith("invalid regular expression in pattern: Unclosed group"));
        problem(json("{\"pattern\":\"ok\",\"notMatching\":[\"fine\",\"[ERR\"],\"timeoutMs\":60000}")
                .post("/api/v1/boards/{id}/uart/expect", id), 400, "bad-request")
                .body("detail", startsWith("invalid regular expression in notMatching[1]"));
        problem(json("{\"timeoutMs\":100}").post("/api/v1/boards/{id}/uart/expect", id), 400, "bad-request")
                .body("detail", equalTo("pattern is required"));
    }

    @Test
    void badParametersAre400() {
        problem(given().queryParam("since", -1).get("/api/v1/boards/{id}/uart", id), 400, "bad-request")
                .body("detail", equalTo("since must be >= 0, got -1"));
        problem(given().queryParam("limit", 0).get("/api/v1/boards/{id}/uart", id), 400, "bad-request");
        problem(given().queryParam("limit", 10001).get("/api/v1/boards/{id}/uart", id), 400, "bad-request");
        problem(given().queryParam("since", "abc").get("/api/v1/boards/{id}/uart", id), 400, "bad-request");
        problem(given().queryParam("windowMs", 60001).get("/api/v1/boards/{id}/led", id), 400, "bad-request")
                .body("detail", equalTo("windowMs must be between 0 and 60000, got 60001"));
        problem(given().get("/api/v1/boards/{id}/flash", id), 400, "bad-request")
                .body("detail", startsWith("area is required"));
        problem(given().queryParam("area", "attic").get("/api/v1/boards/{id}/flash", id), 400, "bad-request")
                .body("detail", containsString("'attic'"));
        problem(given().queryParam("area", "primary").queryParam("length", 9_000_000)
                .get("/api/v1/boards/{id}/flash", id), 400, "bad-request");
        problem(given().queryParam("area", "primary").queryParam("offset", 0x1C0001)
                .get("/api/v1/boards/{id}/flash", id), 400, "bad-request");
        problem(given().queryParam("area", "0x18000000").get("/api/v1/boards/{id}/flash", id), 400, "bad-request")
                .body("detail", equalTo("length is required with an address"));
        problem(given().queryParam("area", "0x30000000").queryParam("length", 4)
                .get("/api/v1/boards/{id}/flash", id), 400, "bad-request")
                .body("detail", containsString("is not inside one flash memory"));
        // an area this flashmap lacks is a conflict
        problem(given().queryParam("area", "scratch").get("/api/v1/boards/{id}/flash", id), 409, "conflict");
    }

    @Test
    void badImagesAre400Or415AndLeaveTheFlashAsItWas() {
        byte[] big = new byte[0x1C0000 + 1];
        problem(Emu.program(id, "primary", "bin", big), 400, "bad-request")
                .body("detail", containsString("larger than the primary area"));
        problem(Emu.program(id, null, "bin", app), 400, "bad-request")
                .body("detail", equalTo("area is required for format bin"));
        problem(Emu.program(id, "attic", "bin", app), 400, "bad-request");
        problem(Emu.program(id, "primary", "zip", app), 400, "bad-request");
        problem(Emu.program(id, "primary", "hex", "this is not intel hex".getBytes()), 400, "bad-request")
                .body("detail", startsWith("malformed Intel HEX"));
        problem(Emu.program(id, "scratch", "bin", app), 409, "conflict");
        problem(Emu.program(id, "primary", "bin", new byte[0]), 400, "bad-request");
        // curl without -H 'Content-Type: application/octet-stream'
        problem(given().contentType(ContentType.URLENC).body("AAAA").queryParam("area", "primary")
                .post("/api/v1/boards/{id}/program", id), 415, "unsupported-media-type");
        // a secondary-slot HEX image aimed at the primary area
        problem(Emu.program(id, "primary", "hex", Emu.Img.upgrade("2.0.0", null).hex(Emu.SECONDARY)), 400, "bad-request")
                .body("detail", containsString("outside the primary area"));

        byte[] primary = given().queryParam("area", "primary").queryParam("length", app.length)
                .get("/api/v1/boards/{id}/flash/raw", id).then().statusCode(200).extract().asByteArray();
        assertThat(primary).isEqualTo(app);
        given().get("/api/v1/boards/{id}/slots", id).then().body("[0].version", equalTo("1.1.0"))
                .body("[1].empty", equalTo(true));
    }

    @Test
    void unknownPathsAndMethodsAreProblemsToo() {
        problem(given().get("/api/v1/boards/{id}/toaster", id), 404, "not-found");
        given().put("/api/v1/boards/{id}/slots", id).then().statusCode(405)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(405));
    }
}
