package dev.otalab.agent.rest;

import static dev.otalab.agent.rest.AgentTestResource.BOARD;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import dev.otalab.agent.board.BoardRegistry;
import dev.otalab.agent.gpio.RelayPower;
import dev.otalab.agent.support.FakeProgrammer;
import dev.otalab.agent.support.StateRecorder;
import dev.otalab.labapi.Problem;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The lab-api over HTTP on one board with mock GPIO, a socat UART and the fake programmer. */
@QuarkusTest
@QuarkusTestResource(value = AgentTestResource.class, restrictToAnnotatedClass = true)
class BoardsResourceTest {

    static final String PROBLEMS = "https://otalab.dev/problems/";

    @Inject
    BoardRegistry registry;

    FakeProgrammer programmer;

    @Test
    void listsTheConfiguredBoardWithItsCapabilities() {
        given().get("/api/v1/boards").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].id", equalTo(BOARD))
                .body("[0].kit", equalTo("CY8CPROTO-062-4343W"))
                .body("[0].flashmap", equalTo("psoc62_2m_ext_swap_single"))
                .body("[0].capabilities", contains("power", "button", "uart", "led", "program"));
        given().get("/api/v1/boards/" + BOARD).then().statusCode(200)
                .body("power", equalTo("on"))
                .body("health", equalTo("GOOD"));
    }

    @Test
    void anUnknownBoardIs404ProblemJsonOnEveryEndpoint() {
        given().get("/api/v1/boards/kit-9").then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(PROBLEMS + "board-not-found"))
                .body("detail", equalTo("no board 'kit-9'"))
                .body("instance", equalTo("/api/v1/boards/kit-9"));
        given().contentType(ContentType.JSON).body("{\"action\":\"on\"}").post("/api/v1/boards/kit-9/power")
                .then().statusCode(404).body("type", equalTo(PROBLEMS + "board-not-found"));
        given().contentType(ContentType.JSON).body("{\"action\":\"press\"}").post("/api/v1/boards/kit-9/button")
                .then().statusCode(404).body("type", equalTo(PROBLEMS + "board-not-found"));
        given().get("/api/v1/boards/kit-9/uart").then().statusCode(404).body("type", equalTo(PROBLEMS + "board-not-found"));
        given().get("/api/v1/boards/kit-9/uart/stream").then().statusCode(404)
                .body("type", equalTo(PROBLEMS + "board-not-found"));
        given().get("/api/v1/boards/kit-9/led?windowMs=0").then().statusCode(404)
                .body("type", equalTo(PROBLEMS + "board-not-found"));
        given().contentType("application/octet-stream").body(new byte[] {1})
                .post("/api/v1/boards/kit-9/program?area=secondary").then().statusCode(404)
                .body("type", equalTo(PROBLEMS + "board-not-found"));
        given().get("/api/v1/nothing-here").then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(PROBLEMS + "not-found"));
    }

    @Test
    void badBodiesAre400ProblemJson() {
        String power = "/api/v1/boards/" + BOARD + "/power";
        given().contentType(ContentType.JSON).body("{\"action\":").post(power).then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("type", equalTo(PROBLEMS + "bad-request"));
        given().contentType(ContentType.JSON).body("{\"action\":\"reboot\"}").post(power).then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "bad-request"))
                .body("detail", equalTo("action must be one of on|off|cycle, got 'reboot'"));
        given().contentType(ContentType.JSON).body("{\"action\":\"on\",\"offMs\":5}").post(power).then().statusCode(400)
                .body("detail", equalTo("offMs only applies to action 'cycle', not 'on'"));
        given().contentType(ContentType.JSON).post(power).then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "bad-request"));
        given().contentType(ContentType.JSON).body("[1,2]").post("/api/v1/boards/" + BOARD + "/button")
                .then().statusCode(400).body("type", equalTo(PROBLEMS + "bad-request"));
        given().contentType(ContentType.JSON).body("{\"action\":\"release\",\"ms\":5}")
                .post("/api/v1/boards/" + BOARD + "/button").then().statusCode(400)
                .body("detail", equalTo("ms does not apply to action 'release'"));
        given().get("/api/v1/boards/" + BOARD + "/led?windowMs=70000").then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "bad-request"));
        given().get("/api/v1/boards/" + BOARD + "/led?windowMs=abc").then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "bad-request"));
        // the board is untouched by all that
        given().get("/api/v1/boards/" + BOARD).then().statusCode(200).body("power", equalTo("on"));
    }

    @Test
    void powerCycleDrivesTheRelayAndReturnsTheBoardWhenPowerIsBack() {
        RelayPower relay = (RelayPower) registry.get(BOARD).powerDevice().orElseThrow();
        StateRecorder rec = StateRecorder.on(relay.output());
        try {
            given().contentType(ContentType.JSON).body("{\"action\":\"cycle\",\"offMs\":250}")
                    .post("/api/v1/boards/" + BOARD + "/power").then().statusCode(200)
                    .body("id", equalTo(BOARD)).body("power", equalTo("on"));
            // relay active low: off = high, on = low
            assertThat(rec.states()).containsExactly(DigitalState.HIGH, DigitalState.LOW);
            assertThat(rec.msBetween(0)).isGreaterThanOrEqualTo(250.0);
            rec.clear();
            given().contentType(ContentType.JSON).body("{\"action\":\"off\"}")
                    .post("/api/v1/boards/" + BOARD + "/power").then().statusCode(200).body("power", equalTo("off"));
            given().contentType(ContentType.JSON).body("{\"action\":\"on\"}")
                    .post("/api/v1/boards/" + BOARD + "/power").then().statusCode(200).body("power", equalTo("on"));
            assertThat(rec.states()).containsExactly(DigitalState.HIGH, DigitalState.LOW);
        } finally {
            relay.output().removeListener(rec);
        }
    }

    @Test
    void buttonPressIsAPulseOnTheLine() {
        var out = registry.get(BOARD).buttonDevice().orElseThrow().output();
        StateRecorder rec = StateRecorder.on(out);
        try {
            given().contentType(ContentType.JSON).body("{\"action\":\"press\",\"ms\":150}")
                    .post("/api/v1/boards/" + BOARD + "/button").then().statusCode(204);
            assertThat(rec.states()).containsExactly(DigitalState.HIGH, DigitalState.LOW);
            assertThat(rec.msBetween(0)).isGreaterThanOrEqualTo(150.0);
            rec.clear();
            given().contentType(ContentType.JSON).body("{\"action\":\"press\"}")
                    .post("/api/v1/boards/" + BOARD + "/button").then().statusCode(204);
            assertThat(rec.msBetween(0)).as("the board's configured pressMs").isGreaterThanOrEqualTo(120.0);
            rec.clear();
            given().contentType(ContentType.JSON).body("{\"action\":\"hold\"}")
                    .post("/api/v1/boards/" + BOARD + "/button").then().statusCode(204);
            assertThat(out.state()).isEqualTo(DigitalState.HIGH);
            given().contentType(ContentType.JSON).body("{\"action\":\"release\"}")
                    .post("/api/v1/boards/" + BOARD + "/button").then().statusCode(204);
            assertThat(rec.states()).containsExactly(DigitalState.HIGH, DigitalState.LOW);
        } finally {
            out.removeListener(rec);
        }
    }

    @Test
    void ledReportsTheToggleIntervalOfTheInput() throws Exception {
        MockDigitalInput in = (MockDigitalInput) registry.get(BOARD).ledDevice().orElseThrow().input();
        Thread blinker = new Thread(() -> {
            DigitalState s = in.state();
            for (int i = 0; i < 16; i++) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                s = s == DigitalState.LOW ? DigitalState.HIGH : DigitalState.LOW;
                in.mockState(s);
            }
        });
        blinker.start();
        var led = given().get("/api/v1/boards/" + BOARD + "/led?windowMs=1000").then().statusCode(200)
                .body("windowMs", equalTo(1000)).extract().jsonPath();
        blinker.join();
        assertThat(led.getInt("edges")).isBetween(8, 10);
        assertThat(led.getLong("periodMs")).isBetween(90L, 130L);

        in.mockState(DigitalState.HIGH);
        given().get("/api/v1/boards/" + BOARD + "/led?windowMs=0").then().statusCode(200)
                .body("on", equalTo(true)).body("edges", equalTo(0))
                .body("containsKey('periodMs')", equalTo(false));
    }

    @Test
    void programRunsTheProgrammerWithTheUploadedImage() {
        programmer.failing(false);
        int before = programmer.calls();
        byte[] image = "a signed image".getBytes(StandardCharsets.US_ASCII);
        given().contentType("application/octet-stream").body(image)
                .post("/api/v1/boards/" + BOARD + "/program?area=secondary&format=bin").then().statusCode(200)
                .body("area", equalTo("secondary"))
                .body("address", equalTo(0x18000200))
                .body("bytes", equalTo(image.length))
                .body("format", equalTo("bin"));
        assertThat(programmer.calls()).isEqualTo(before + 1);
        assertThat(programmer.image(before)).isEqualTo(image);
        assertThat(programmer.args(before).get(7)).endsWith(".bin 0x18000200 verify reset exit");
    }

    @Test
    void programErrors() {
        String url = "/api/v1/boards/" + BOARD + "/program";
        int before = programmer.calls();
        given().body("x").post(url + "?area=secondary").then().statusCode(415)
                .contentType(Problem.MEDIA_TYPE).body("type", equalTo(PROBLEMS + "unsupported-media-type"));
        given().contentType("application/octet-stream").body(new byte[0]).post(url + "?area=secondary")
                .then().statusCode(400).body("detail", containsString("empty"));
        given().contentType("application/octet-stream").body(new byte[] {1}).post(url + "?area=middle")
                .then().statusCode(400).body("detail", startsWith("area 'middle' is neither"));
        given().contentType("application/octet-stream").body(new byte[] {1}).post(url + "?area=secondary&format=elf")
                .then().statusCode(400).body("type", equalTo(PROBLEMS + "bad-request"));
        given().contentType("application/octet-stream").body(new byte[] {1}).post(url + "?area=factory")
                .then().statusCode(409).body("type", equalTo(PROBLEMS + "conflict"));
        given().contentType("application/octet-stream").body(new byte[0x80001]).post(url + "?area=scratch")
                .then().statusCode(400).body("detail", containsString("larger than the scratch area"));
        assertThat(programmer.calls()).isEqualTo(before);

        programmer.failing(true);
        try {
            given().contentType("application/octet-stream").body(new byte[] {1}).post(url + "?area=primary")
                    .then().statusCode(502)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("type", equalTo(PROBLEMS + "hardware-error"))
                    .body("detail", containsString("exited with status 3"))
                    .body("detail", endsWith("Error: step 30"));
            given().get("/api/v1/boards/" + BOARD).then().body("health", equalTo("BAD"))
                    .body("healthDetail", containsString("programming failed"));
        } finally {
            programmer.failing(false);
        }
        given().contentType("application/octet-stream").body(new byte[] {1}).post(url + "?area=primary")
                .then().statusCode(200);
        given().get("/api/v1/boards/" + BOARD).then().body("health", equalTo("GOOD"));
    }

    @Test
    void healthAndOpenApiAreServed() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks[0].data.agent", equalTo("test-agent"));
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/v1/boards/{id}/power'.post", org.hamcrest.Matchers.notNullValue());
    }
}
