package dev.otalab.agent.rest;

import static dev.otalab.agent.rest.AgentTestResource.BOARD;
import static dev.otalab.agent.support.Socat.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otalab.agent.support.Socat;
import dev.otalab.labapi.Problem;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The console endpoints over HTTP with the kit played by the test on a socat pty. */
@QuarkusTest
@QuarkusTestResource(value = AgentTestResource.class, restrictToAnnotatedClass = true)
class UartResourceTest {

    static final String PROBLEMS = "https://otalab.dev/problems/";
    static final Duration WAIT = Duration.ofSeconds(10);
    static final ObjectMapper JSON = new ObjectMapper();

    Socat socat;

    @TestHTTPResource("/")
    URL root;

    static long latestSeq() {
        return given().get("/api/v1/boards/" + BOARD + "/uart?since=0&limit=1").then().statusCode(200)
                .extract().jsonPath().getLong("latestSeq");
    }

    static JsonPath page(long since) {
        return given().get("/api/v1/boards/" + BOARD + "/uart?since=" + since).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void kitOutputBecomesNumberedLinesBlankOnesIncluded() {
        long s = latestSeq();
        socat.send("[INF] MCUboot Bootloader Started\n\r[INF] Application validated successfully !\n\r");
        socat.send("===============================================================\r\n\r\n");
        await(() -> latestSeq() == s + 4, WAIT, "4 lines");
        JsonPath p = page(s);
        assertThat(p.getList("lines.text", String.class)).containsExactly("[INF] MCUboot Bootloader Started",
                "[INF] Application validated successfully !",
                "===============================================================", "");
        assertThat(p.getList("lines.seq", Long.class)).containsExactly(s + 1, s + 2, s + 3, s + 4);
        assertThat(p.getLong("nextSince")).isEqualTo(s + 4);
        assertThat(p.getString("lines[0].timestamp")).endsWith("Z");
        given().get("/api/v1/boards/" + BOARD + "/uart?since=" + s + "&limit=2").then()
                .body("lines.size()", equalTo(2)).body("nextSince", equalTo((int) (s + 2)));
        given().get("/api/v1/boards/" + BOARD + "/uart?limit=0").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE).body("type", equalTo(PROBLEMS + "bad-request"));
        given().get("/api/v1/boards/" + BOARD + "/uart?since=-1").then().statusCode(400);
    }

    @Test
    void expectMatchedTimeoutAndNotMatching() throws Exception {
        String url = "/api/v1/boards/" + BOARD + "/uart/expect";
        long s = latestSeq();
        CompletableFuture<JsonPath> waiting = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                .body(Map.of("pattern", "OTA Update version: (?<major>\\d+)\\.(\\d+)\\.(\\d+)", "sinceSeq", s,
                        "timeoutMs", 10000))
                .post(url).then().statusCode(200).extract().jsonPath());
        Thread.sleep(200);
        socat.send("TEST Application: OTA Update version: 1.2.0\r\n");
        JsonPath m = waiting.get();
        assertThat(m.getString("status")).isEqualTo("MATCHED");
        assertThat(m.getLong("line.seq")).isEqualTo(s + 1);
        assertThat(m.getString("groups.major")).isEqualTo("1");
        assertThat(m.getString("groups.'3'")).isEqualTo("0");

        given().contentType(ContentType.JSON)
                .body(Map.of("pattern", "never printed", "sinceSeq", s, "timeoutMs", 300))
                .post(url).then().statusCode(200).body("status", equalTo("TIMEOUT")).body("lastSeq", equalTo((int) (s + 1)));

        socat.send("[ERR] Invalid image magic 0xffffffff !\r\n");
        given().contentType(ContentType.JSON)
                .body(Map.of("pattern", "Starting User Application", "notMatching", List.of("\\[ERR\\]"),
                        "sinceSeq", s + 1, "timeoutMs", 5000))
                .post(url).then().statusCode(200).body("status", equalTo("NOT_MATCHING"))
                .body("notMatchingPattern", equalTo("\\[ERR\\]")).body("line.seq", equalTo((int) (s + 2)));

        given().contentType(ContentType.JSON).body("{\"pattern\":\"(unclosed\"}").post(url).then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "bad-request"))
                .body("detail", startsWith("invalid regular expression in pattern"));
        given().contentType(ContentType.JSON).body("{\"timeoutMs\":5}").post(url).then().statusCode(400)
                .body("detail", equalTo("pattern is required"));
    }

    @Test
    void writeReachesTheKit() throws Exception {
        try (InputStream kit = socat.openReceiver()) {
            given().contentType(ContentType.JSON).body("{\"text\":\"Y\\r\"}")
                    .post("/api/v1/boards/" + BOARD + "/uart/write").then().statusCode(204);
            assertThat(new String(Socat.readExactly(kit, 2), StandardCharsets.US_ASCII)).isEqualTo("Y\r");
        }
        given().contentType(ContentType.JSON).body("{\"text\":\"\"}")
                .post("/api/v1/boards/" + BOARD + "/uart/write").then().statusCode(400);
    }

    @Test
    void streamReplaysFromLastEventIdAndFollowsNewLines() throws Exception {
        long s = latestSeq();
        socat.send("one\r\ntwo\r\n");
        await(() -> latestSeq() == s + 2, WAIT, "2 lines");
        URI uri = URI.create(root.toString().replaceAll("/$", "") + "/api/v1/boards/" + BOARD + "/uart/stream");
        try (SseClient sse = new SseClient(uri, Map.of("Last-Event-ID", Long.toString(s + 1)))) {
            assertThat(sse.status()).isEqualTo(200);
            List<SseClient.Event> first = sse.next(1, WAIT);
            assertThat(first.get(0).id()).isEqualTo(Long.toString(s + 2));
            assertThat(first.get(0).name()).isEqualTo("line");
            JsonNode line = JSON.readTree(first.get(0).data());
            assertThat(line.get("text").asText()).isEqualTo("two");
            assertThat(line.get("seq").asLong()).isEqualTo(s + 2);
            socat.send("three\r\n\r\n");
            List<SseClient.Event> live = sse.next(2, WAIT);
            assertThat(live).extracting(SseClient.Event::id).containsExactly(Long.toString(s + 3), Long.toString(s + 4));
            assertThat(JSON.readTree(live.get(1).data()).get("text").asText()).isEmpty();
        }
        given().header("Last-Event-ID", "abc").get("/api/v1/boards/" + BOARD + "/uart/stream").then().statusCode(400)
                .body("detail", containsString("Last-Event-ID"));
    }

    @Test
    void theDeviceVanishingAndReturningKeepsNumberingAndHealthGoesBadThenGood() {
        long s = latestSeq();
        socat.send("before\r\n");
        await(() -> latestSeq() == s + 1, WAIT, "a line");
        given().get("/api/v1/boards/" + BOARD).then().body("health", equalTo("GOOD"));

        socat.stop();
        await(() -> "BAD".equals(given().get("/api/v1/boards/" + BOARD).jsonPath().getString("health")), WAIT, "BAD");
        given().get("/api/v1/boards/" + BOARD).then()
                .body("healthDetail", startsWith("serial port " + socat.kit() + " lost at"));
        given().contentType(ContentType.JSON).body("{\"text\":\"Y\"}")
                .post("/api/v1/boards/" + BOARD + "/uart/write").then().statusCode(502)
                .body("type", equalTo(PROBLEMS + "hardware-error"));

        socat.start();
        await(() -> "GOOD".equals(given().get("/api/v1/boards/" + BOARD).jsonPath().getString("health")), WAIT, "GOOD");
        socat.send("after\r\n");
        await(() -> latestSeq() == s + 2, WAIT, "the numbering to continue");
        assertThat(page(s).getList("lines.text", String.class)).containsExactly("before", "after");
    }
}
