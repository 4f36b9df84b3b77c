package dev.otalab.emulator.rest;

import static dev.otalab.emulator.rest.Emu.PROBLEMS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /boards/{id}/uart/stream}: server-sent events, resumable with Last-Event-ID. */
@QuarkusTest
class UartStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Lines of one boot to the OTA app. */
    private static final int N = ConsoleTest.BOOT_LINES;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A stream that starts by mistake must fail the test, not hang it: read timeout below the keep-alive. */
    private static final RestAssuredConfig SHORT_READS = RestAssuredConfig.config().httpClient(
            HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 5000));

    @TestHTTPResource("/")
    URL root;

    String id;

    @BeforeEach
    void bootAnOtaApp() {
        id = Emu.freshId("sse");
        Emu.createRollbackBoard(id);
        Emu.program(id, "primary", "bin", Emu.Img.primary("1.1.0", null).bin()).then().statusCode(200);
        Emu.power(id, "{\"action\":\"on\"}").then().statusCode(200);
        assertThat(Emu.latestSeq(id)).isEqualTo(N);
    }

    @AfterEach
    void deleteBoard() {
        Emu.delete(id);
    }

    private URI stream(String boardId, String query) {
        return URI.create(root.toString().replaceAll("/$", "") + "/api/v1/boards/" + boardId + "/uart/stream"
                + (query == null ? "" : "?" + query));
    }

    @Test
    void sinceReplaysRetainedLinesInOrderAsLineEvents() throws Exception {
        List<String> texts = Emu.uartTexts(id, 0);
        try (SseClient sse = SseClient.open(stream(id, "since=0"), Map.of())) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.contentType()).startsWith("text/event-stream");
            List<SseClient.Event> events = sse.next(N, WAIT);
            for (int i = 0; i < N; i++) {
                SseClient.Event e = events.get(i);
                assertThat(e.name()).isEqualTo("line");
                assertThat(e.id()).isEqualTo(Integer.toString(i + 1));
                JsonNode line = JSON.readTree(e.data());
                assertThat(line.get("seq").asLong()).isEqualTo(i + 1);
                assertThat(line.get("text").asText()).isEqualTo(texts.get(i));
                assertThat(line.get("timestamp").asText()).endsWith("Z");
            }
            // plain SSE fields only: no per-event content-type
            assertThat(sse.rawLines()).noneMatch(l -> l.toLowerCase().startsWith("content-type"));
        }
    }

    @Test
    void everyNewStreamGetsEveryLine() throws Exception {
        // the replay starts while the request is still being answered: repeat it to catch races
        for (int round = 0; round < 20; round++) {
            try (SseClient sse = SseClient.open(stream(id, "since=0"), Map.of())) {
                List<SseClient.Event> events = sse.next(N, WAIT);
                assertThat(events.get(N - 1).id()).as("round %d", round).isEqualTo(Integer.toString(N));
            }
        }
    }

    @Test
    void lastEventIdResumesAfterThatLineAndWinsOverSince() throws Exception {
        try (SseClient sse = SseClient.open(stream(id, "since=0"), Map.of("Last-Event-ID", "12"))) {
            List<SseClient.Event> events = sse.next(N - 12, WAIT);
            assertThat(events).extracting(SseClient.Event::id).containsExactlyElementsOf(
                    java.util.stream.IntStream.rangeClosed(13, N).mapToObj(Integer::toString).toList());
            assertThat(JSON.readTree(events.get(1).data()).get("text").asText())
                    .isEqualTo("TEST Application: OTA Update version: 1.1.0");
            assertThat(sse.next(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void withoutSinceOnlyNewLinesComeAndTheyComeLive() throws Exception {
        try (SseClient sse = SseClient.open(stream(id, null), Map.of())) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.next(Duration.ofMillis(300))).isNull();
            Emu.power(id, "{\"action\":\"cycle\",\"offMs\":10}").then().statusCode(200);
            List<SseClient.Event> events = sse.next(3, WAIT);
            assertThat(events).extracting(SseClient.Event::id).containsExactly(
                    Integer.toString(N + 1), Integer.toString(N + 2), Integer.toString(N + 3));
            assertThat(JSON.readTree(events.get(1).data()).get("text").asText())
                    .isEqualTo("[INF] MCUboot Bootloader Started");
        }
    }

    @Test
    void aStreamResumedAfterADisconnectMissesNothing() throws Exception {
        String lastId;
        try (SseClient first = SseClient.open(stream(id, "since=0"), Map.of())) {
            List<SseClient.Event> events = first.next(N, WAIT);
            lastId = events.get(N - 1).id();
        }
        // lines printed while no client listened
        Emu.power(id, "{\"action\":\"cycle\",\"offMs\":10}").then().statusCode(200);
        try (SseClient again = SseClient.open(stream(id, null), Map.of("Last-Event-ID", lastId))) {
            List<SseClient.Event> events = again.next(N, WAIT);
            assertThat(events.get(0).id()).isEqualTo(Integer.toString(N + 1));
            assertThat(events.get(N - 1).id()).isEqualTo(Integer.toString(2 * N));
            assertThat(JSON.readTree(events.get(13).data()).get("text").asText())
                    .isEqualTo("TEST Application: OTA Update version: 1.1.0");
        }
    }

    @Test
    void deletingTheBoardEndsTheStream() throws Exception {
        String other = Emu.freshId("sse-del");
        Emu.createRollbackBoard(other);
        try (SseClient sse = SseClient.open(stream(other, null), Map.of())) {
            assertThat(sse.status()).isEqualTo(200);
            given().when().delete("/api/v1/boards/{id}", other).then().statusCode(204);
            assertThat(sse.awaitEnd(WAIT)).isTrue();
        }
    }

    @Test
    void errorsComeAsProblemsBeforeTheStreamStarts() {
        given().config(SHORT_READS).accept("text/event-stream").when().get("/api/v1/boards/{id}/uart/stream", "no-such-board")
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo(PROBLEMS + "board-not-found"));
        given().config(SHORT_READS).accept("text/event-stream").header("Last-Event-ID", "yesterday")
                .when().get("/api/v1/boards/{id}/uart/stream", id)
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo(PROBLEMS + "bad-request"))
                .body("detail", startsWith("Last-Event-ID must be a line seq"));
        given().config(SHORT_READS).accept("text/event-stream").queryParam("since", -1)
                .when().get("/api/v1/boards/{id}/uart/stream", id)
                .then().statusCode(400).body("type", equalTo(PROBLEMS + "bad-request"));
    }
}
