package dev.otalab.controller;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.otalab.emulator.kit.KitState;
import dev.otalab.emulator.kit.VirtualKit;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The board pool over REST against virtual kits behind real HTTP: agents register and heartbeat,
 * boards show health and leases, leases conflict, expire (board power-cycled), runs take leases.
 */
@QuarkusTest
class PoolTest {

    static final String KIT = "CY8CPROTO-062S2-43439";
    /** Unique per test run: the database is shared with other runs. */
    static final String TAG = UUID.randomUUID().toString().substring(0, 8);
    static VirtualKitServer kits;
    static final List<String> agents = new ArrayList<>();

    @BeforeAll
    static void startKits() throws Exception {
        kits = new VirtualKitServer();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        Thread.sleep(500); // let the last runs be stored
        try (java.sql.Connection c = RunsTest.db(); var st = c.prepareStatement("delete from lab.agents where id = ANY(?)")) {
            st.setArray(1, c.createArrayOf("varchar", agents.toArray()));
            st.executeUpdate();
        }
        // runs cancelled while they waited for a board have no URL: find them by this class's board ids
        try (java.sql.Connection c = RunsTest.db(); var st = c.prepareStatement("delete from lab.runs where board_id like ?")) {
            st.setString(1, "%-" + TAG);
            st.executeUpdate();
        }
        kits.close();
    }

    static String id(String name) {
        return name + "-" + TAG;
    }

    /** The registration body the lab-agent sends, for the given boards of the kit server. */
    static Map<String, Object> agentBody(String agent, int heartbeatSeconds, String... boards) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String b : boards) {
            list.add(Map.of("id", b, "kit", KIT, "flashmap", "psoc62_2m_rollback_swap",
                    "capabilities", List.of("power", "button", "uart", "led", "program", "emulated", "fault-injection"),
                    "power", "off", "health", "GOOD"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", agent);
        body.put("url", kits.url());
        body.put("version", "0.1.0-SNAPSHOT");
        body.put("heartbeatSeconds", heartbeatSeconds);
        body.put("statusTopic", "otalab/agents/" + agent + "/status");
        body.put("boards", list);
        return body;
    }

    /** Adds kits to the server and registers them under a new agent; returns the kits. */
    static List<VirtualKit> agentWithKits(String agent, int heartbeatSeconds, String... boards) {
        List<VirtualKit> out = new ArrayList<>();
        for (String b : boards) {
            out.add(kits.addRollbackKit(b));
        }
        agents.add(agent);
        given().contentType(ContentType.JSON).body(agentBody(agent, heartbeatSeconds, boards))
                .post("/api/v1/agents").then().statusCode(201);
        return out;
    }

    static JsonPath board(String id) {
        return given().get("/api/v1/boards/" + id).then().statusCode(200).extract().jsonPath();
    }

    static void awaitHealth(String board, String health) throws InterruptedException {
        await(() -> health.equals(board(board).getString("health")), "board " + board + " " + health);
    }

    static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.get()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("gave up waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }

    /** Whether the run's log (SSE) shows a line matching {@code p}; reads until it does or the run ends. */
    static boolean logShows(String runId, java.util.function.Predicate<String> p) {
        try {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL(io.restassured.RestAssured.baseURI
                    + ":" + io.restassured.RestAssured.port + "/api/v1/runs/" + runId + "/log").openConnection();
            c.setReadTimeout(60_000);
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    if (p.test(l)) {
                        return true;
                    }
                }
            } finally {
                c.disconnect();
            }
            return false;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static io.restassured.response.ValidatableResponse lease(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/leases").then();
    }

    @Test
    void agentsRegisterHeartbeatAndAreForgotten() throws Exception {
        String agent = id("pi-reg");
        String b1 = id("reg-1");
        agentWithKits(agent, 30, b1);
        // registering again is an update: 200
        given().contentType(ContentType.JSON).body(agentBody(agent, 30, b1)).post("/api/v1/agents")
                .then().statusCode(200).body("boards", equalTo(List.of(b1))).body("online", equalTo(true));
        given().get("/api/v1/agents").then().statusCode(200).body("id", hasItem(agent));
        given().get("/api/v1/agents/" + agent).then().statusCode(200)
                .body("url", equalTo(kits.url())).body("heartbeatSeconds", equalTo(30))
                .body("statusTopic", equalTo("otalab/agents/" + agent + "/status"));
        given().contentType(ContentType.JSON).body(agentBody(agent, 30, b1)).post("/api/v1/agents/" + agent + "/heartbeat")
                .then().statusCode(200).body("id", equalTo(agent));
        JsonPath b = board(b1);
        assertThat(b.getString("agent")).isEqualTo(agent);
        assertThat(b.getString("url")).isEqualTo(kits.url());
        assertThat(b.getString("kit")).isEqualTo(KIT);
        assertThat(b.getString("flashmap")).isEqualTo("psoc62_2m_rollback_swap");
        assertThat(b.getList("capabilities")).contains("power", "uart");
        assertThat(b.getString("lease")).isNull();
        awaitHealth(b1, "GOOD");

        // a heartbeat for an agent the controller does not know: 404, so the agent registers again
        given().contentType(ContentType.JSON).body(agentBody(id("pi-unknown"), 30))
                .post("/api/v1/agents/" + id("pi-unknown") + "/heartbeat").then().statusCode(404)
                .contentType("application/problem+json").body("type", endsWith("/agent-not-found"));
        // a board that belongs to another agent cannot be claimed
        agents.add(id("pi-thief"));
        given().contentType(ContentType.JSON).body(agentBody(id("pi-thief"), 30, b1)).post("/api/v1/agents")
                .then().statusCode(409).body("type", endsWith("/board-taken")).body("detail", containsString(agent));
        given().get("/api/v1/agents/" + id("pi-thief")).then().statusCode(404);
        // a heartbeat that no longer lists a board takes it out of the pool
        given().contentType(ContentType.JSON).body(agentBody(agent, 30)).post("/api/v1/agents/" + agent + "/heartbeat")
                .then().statusCode(200).body("boards", equalTo(List.of()));
        given().get("/api/v1/boards/" + b1).then().statusCode(404).body("type", endsWith("/board-not-found"));

        given().delete("/api/v1/agents/" + agent).then().statusCode(204);
        given().delete("/api/v1/agents/" + agent).then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/agents").then().body("id", org.hamcrest.Matchers.not(hasItem(agent)));
    }

    @Test
    void badAgentBodiesAreProblems() {
        String agent = id("pi-bad");
        Map<String, Object> ok = agentBody(agent, 30, id("bad-1"));
        for (var bad : List.of(Map.entry("id", (Object) "no spaces allowed"), Map.entry("url", (Object) "ftp://x"),
                Map.entry("heartbeatSeconds", (Object) 0), Map.entry("heartbeatSeconds", (Object) "soon"))) {
            Map<String, Object> body = new LinkedHashMap<>(ok);
            body.put(bad.getKey(), bad.getValue());
            given().contentType(ContentType.JSON).body(body).post("/api/v1/agents").then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString(bad.getKey()));
        }
        Map<String, Object> twice = agentBody(agent, 30, id("bad-1"), id("bad-1"));
        given().contentType(ContentType.JSON).body(twice).post("/api/v1/agents").then().statusCode(400)
                .body("detail", containsString("listed twice"));
        given().contentType(ContentType.JSON).body("{\"id\": ").post("/api/v1/agents").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).post("/api/v1/agents").then().statusCode(400);
        given().contentType(ContentType.JSON).body(ok).post("/api/v1/agents/other-id/heartbeat").then().statusCode(400)
                .body("detail", containsString("path names 'other-id'"));
        given().get("/api/v1/agents/" + agent).then().statusCode(404).body("type", endsWith("/agent-not-found"));
    }

    @Test
    void operatorsSetMaintenanceAndGood() throws Exception {
        String b1 = id("mnt-1");
        agentWithKits(id("pi-mnt"), 30, b1);
        awaitHealth(b1, "GOOD");
        given().contentType(ContentType.JSON).body(Map.of("health", "MAINTENANCE", "detail", "new USB cable"))
                .put("/api/v1/boards/" + b1 + "/health").then().statusCode(200)
                .body("health", equalTo("MAINTENANCE")).body("healthDetail", equalTo("new USB cable"));
        lease(Map.of("boards", List.of(b1), "holder", "alice", "ttlSeconds", 60)).statusCode(409)
                .body("detail", containsString("MAINTENANCE"));
        given().contentType(ContentType.JSON).body(Map.of("health", "BAD")).put("/api/v1/boards/" + b1 + "/health")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("only MAINTENANCE or GOOD"));
        given().contentType(ContentType.JSON).body(Map.of("detail", "x")).put("/api/v1/boards/" + b1 + "/health")
                .then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("health", "GOOD", "colour", "red"))
                .put("/api/v1/boards/" + b1 + "/health").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("health", "GOOD")).put("/api/v1/boards/no-such-" + TAG + "/health")
                .then().statusCode(404).body("type", endsWith("/board-not-found"));
        given().contentType(ContentType.JSON).body(Map.of("health", "GOOD")).put("/api/v1/boards/" + b1 + "/health")
                .then().statusCode(200).body("health", equalTo("GOOD")).body("healthDetail", nullValue());
        given().get("/api/v1/boards").then().statusCode(200).body("id", hasItem(b1));
    }

    @Test
    void leasesAreTakenRenewedReleasedAndConflict() throws Exception {
        String b1 = id("lease-1");
        String b2 = id("lease-2");
        agentWithKits(id("pi-lease"), 30, b1, b2);
        awaitHealth(b1, "GOOD");
        awaitHealth(b2, "GOOD");
        List<String> both = List.of(b1, b2);

        JsonPath l1 = lease(Map.of("boards", both, "kit", KIT, "capabilities", List.of("power", "uart"),
                "holder", "ci-job-17", "ttlSeconds", 600)).statusCode(201)
                .header("Location", containsString("/api/v1/leases/")).extract().jsonPath();
        assertThat(l1.getString("board")).isEqualTo(b1);
        assertThat(l1.getString("boardUrl")).isEqualTo(kits.url());
        assertThat(l1.getString("holder")).isEqualTo("ci-job-17");
        assertThat(l1.getInt("ttlSeconds")).isEqualTo(600);
        assertThat(l1.getString("runId")).isNull();
        String id1 = l1.getString("id");
        assertThat(board(b1).getString("lease.holder")).isEqualTo("ci-job-17");
        assertThat(board(b1).getString("lease.id")).isEqualTo(id1);

        String id2 = lease(Map.of("boards", both, "holder", "bob", "ttlSeconds", 600)).statusCode(201)
                .body("board", equalTo(b2)).extract().path("id");
        lease(Map.of("boards", both, "holder", "carol", "ttlSeconds", 600)).statusCode(409)
                .contentType("application/problem+json").body("type", endsWith("/no-board-free"))
                .body("detail", containsString(b1 + " leased by ci-job-17"))
                .body("detail", containsString(b2 + " leased by bob"));
        lease(Map.of("boards", both, "kit", "NO-SUCH-KIT", "holder", "carol", "ttlSeconds", 60)).statusCode(409)
                .body("detail", containsString("no board in the pool matches"));
        lease(Map.of("boards", both, "capabilities", List.of("teleport"), "holder", "carol", "ttlSeconds", 60)).statusCode(409);

        given().get("/api/v1/leases").then().statusCode(200).body("id", hasItem(id1)).body("id", hasItem(id2));
        given().get("/api/v1/leases/" + id1).then().statusCode(200).body("board", equalTo(b1));
        String before = l1.getString("expiresAt");
        Thread.sleep(20);
        String after = given().post("/api/v1/leases/" + id1 + "/heartbeat").then().statusCode(200).extract().path("expiresAt");
        assertThat(java.time.Instant.parse(after)).isAfter(java.time.Instant.parse(before));

        given().delete("/api/v1/leases/" + id1).then().statusCode(204);
        given().delete("/api/v1/leases/" + id1).then().statusCode(404).body("type", endsWith("/lease-not-found"));
        given().post("/api/v1/leases/" + id1 + "/heartbeat").then().statusCode(404);
        given().get("/api/v1/leases/not-a-uuid").then().statusCode(404);
        assertThat(board(b1).getString("lease")).isNull();
        // the released board is free again; the other is still held
        lease(Map.of("boards", both, "holder", "carol", "ttlSeconds", 60)).statusCode(201).body("board", equalTo(b1));
        given().delete("/api/v1/leases/" + id2).then().statusCode(204);
    }

    @Test
    void badLeaseRequestsAreProblems() {
        lease(Map.of("ttlSeconds", 60)).statusCode(400).body("detail", containsString("holder"));
        lease(Map.of("holder", "x", "ttlSeconds", 0)).statusCode(400).body("detail", containsString("ttlSeconds"));
        lease(Map.of("holder", "x", "ttlSeconds", 86401)).statusCode(400).body("detail", containsString("ttlSeconds"));
        lease(Map.of("holder", "x")).statusCode(400).body("detail", containsString("ttlSeconds"));
        lease(Map.of("holder", "x", "ttlSeconds", 60, "colour", "red")).statusCode(400)
                .contentType("application/problem+json");
        lease(Map.of("holder", "x", "ttlSeconds", 60, "boards", List.of(" "))).statusCode(400)
                .body("detail", containsString("boards"));
        given().contentType(ContentType.JSON).body("[1,").post("/api/v1/leases").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void concurrentRequestsNeverGetTheSameBoard() throws Exception {
        String b1 = id("race-1");
        String b2 = id("race-2");
        agentWithKits(id("pi-race"), 30, b1, b2);
        awaitHealth(b1, "GOOD");
        awaitHealth(b2, "GOOD");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<io.restassured.response.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String holder = "racer-" + i;
            calls.add(() -> given().contentType(ContentType.JSON)
                    .body(Map.of("boards", List.of(b1, b2), "holder", holder, "ttlSeconds", 60)).post("/api/v1/leases"));
        }
        List<String> won = new ArrayList<>();
        int conflicts = 0;
        for (Future<io.restassured.response.Response> f : pool.invokeAll(calls)) {
            var r = f.get();
            if (r.statusCode() == 201) {
                won.add(r.jsonPath().getString("board"));
            } else {
                assertThat(r.statusCode()).isEqualTo(409);
                conflicts++;
            }
        }
        pool.shutdown();
        assertThat(won).containsExactlyInAnyOrder(b1, b2);
        assertThat(conflicts).isEqualTo(6);
    }

    @Test
    void anExpiredLeaseIsReleasedAndTheBoardPowerCycled() throws Exception {
        String b1 = id("expiry-1");
        VirtualKit kit = agentWithKits(id("pi-expiry"), 30, b1).get(0);
        awaitHealth(b1, "GOOD");
        assertThat(kit.state()).isEqualTo(KitState.OFF);
        assertThat(kit.uartLines()).isEmpty();
        String id = lease(Map.of("boards", List.of(b1), "holder", "forgetful", "ttlSeconds", 1)).statusCode(201)
                .extract().path("id");
        await(() -> given().get("/api/v1/leases/" + id).statusCode() == 404, "lease released");
        assertThat(board(b1).getString("lease")).isNull();
        // the power cycle booted the kit: it is on and its console shows the bootloader
        assertThat(kit.state()).isNotEqualTo(KitState.OFF);
        assertThat(kit.uartTexts(0)).isNotEmpty().anyMatch(l -> l.contains("MCUboot"));
        lease(Map.of("boards", List.of(b1), "holder", "next", "ttlSeconds", 60)).statusCode(201);
    }

    @Test
    void anAgentThatMissesHeartbeatsLeavesItsBoardsUnknown() throws Exception {
        String agent = id("pi-silent");
        String b1 = id("silent-1");
        agentWithKits(agent, 1, b1);
        awaitHealth(b1, "GOOD");
        // no heartbeats: after 3 intervals the agent is lost
        awaitHealth(b1, "UNKNOWN");
        assertThat(board(b1).getString("healthDetail")).contains("missed its heartbeats");
        given().get("/api/v1/agents/" + agent).then().body("online", equalTo(false));
        lease(Map.of("boards", List.of(b1), "holder", "x", "ttlSeconds", 60)).statusCode(409)
                .body("detail", containsString("UNKNOWN"));
        // it comes back with a heartbeat
        given().contentType(ContentType.JSON).body(agentBody(agent, 1, b1)).post("/api/v1/agents/" + agent + "/heartbeat")
                .then().statusCode(200).body("online", equalTo(true));
        assertThat(board(b1).getString("health")).isEqualTo("GOOD");
    }

    @Test
    void aFailingHealthCheckMakesABoardBadUntilItPasses() throws Exception {
        String b1 = id("check-1");
        agentWithKits(id("pi-check"), 30, b1);
        awaitHealth(b1, "GOOD");
        kits.hide(b1, true); // the agent answers 404 for it
        awaitHealth(b1, "BAD");
        assertThat(board(b1).getString("healthDetail")).contains("health check", "404");
        lease(Map.of("boards", List.of(b1), "holder", "x", "ttlSeconds", 60)).statusCode(409);
        kits.hide(b1, false);
        awaitHealth(b1, "GOOD");
    }

    @Test
    void aRunOnAMaintenanceBoardIsNotScheduledUntilItIsGood() throws Exception {
        String b1 = id("run-1");
        VirtualKit kit = agentWithKits(id("pi-run"), 30, b1).get(0);
        awaitHealth(b1, "GOOD");
        given().contentType(ContentType.JSON).body(Map.of("health", "MAINTENANCE"))
                .put("/api/v1/boards/" + b1 + "/health").then().statusCode(200);
        String waiting = given().contentType(ContentType.JSON).body(Map.of("plan", "fault-and-power", "boardId", b1))
                .post("/api/v1/runs").then().statusCode(202).extract().path("id");
        await(() -> logShows(waiting, l -> l.contains("waiting for a board")
                && l.contains("MAINTENANCE")), "the run says it waits");
        assertThat(given().get("/api/v1/runs/" + waiting).then().extract().<String>path("status")).isEqualTo("QUEUED");
        assertThat(kit.uartLines()).as("nothing touched the board").isEmpty();
        assertThat(kit.state()).isEqualTo(KitState.OFF);
        given().post("/api/v1/runs/" + waiting + "/cancel").then().statusCode(202);
        assertThat(RunsTest.await(waiting).getString("status")).isEqualTo("CANCELLED");

        given().contentType(ContentType.JSON).body(Map.of("health", "GOOD"))
                .put("/api/v1/boards/" + b1 + "/health").then().statusCode(200);
        // by selector: the run takes the lease, runs and gives it back
        String run = given().contentType(ContentType.JSON)
                .body(Map.of("plan", "fault-and-power", "board", Map.of("boards", List.of(b1), "kit", KIT)))
                .post("/api/v1/runs").then().statusCode(202).extract().path("id");
        JsonPath done = RunsTest.await(run);
        assertThat(done.getString("status")).isEqualTo("PASSED");
        assertThat(done.getString("boardId")).isEqualTo(b1);
        assertThat(done.getString("boardUrl")).isEqualTo(kits.url());
        assertThat(RunsTest.sse(run, null)).anyMatch(l -> l.contains("leased board " + b1));
        assertThat(board(b1).getString("lease")).isNull();
    }

    @Test
    void aBoardWhoseRunsKeepFailingOnInfrastructureEndsBad() throws Exception {
        String b1 = id("infra-1");
        agentWithKits(id("pi-infra"), 30, b1);
        awaitHealth(b1, "GOOD");
        kits.failPower(b1, 1000);
        for (int i = 0; i < 3; i++) {
            String run = given().contentType(ContentType.JSON).body(Map.of("plan", "fault-and-power", "boardId", b1))
                    .post("/api/v1/runs").then().statusCode(202).extract().path("id");
            assertThat(RunsTest.await(run).getString("status")).isEqualTo("ERROR");
        }
        JsonPath b = board(b1);
        assertThat(b.getString("health")).isEqualTo("BAD");
        assertThat(b.getString("healthDetail")).contains("3 runs in a row ended in infrastructure errors");
        String queued = given().contentType(ContentType.JSON).body(Map.of("plan", "fault-and-power", "boardId", b1))
                .post("/api/v1/runs").then().statusCode(202).extract().path("id");
        await(() -> logShows(queued, l -> l.contains("waiting for a board")),
                "the run waits");
        given().post("/api/v1/runs/" + queued + "/cancel").then().statusCode(202);
        kits.failPower(b1, 0);
        given().contentType(ContentType.JSON).body(Map.of("health", "GOOD"))
                .put("/api/v1/boards/" + b1 + "/health").then().statusCode(200).body("health", equalTo("GOOD"));
    }
}
