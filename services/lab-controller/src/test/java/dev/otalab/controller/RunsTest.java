package dev.otalab.controller;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Runs against real virtual kits behind a real HTTP server: the nightly suite passes, a broken plan
 * fails exactly its broken case, an unreachable board is ERROR, and the REST API behaves.
 */
@QuarkusTest
class RunsTest {

    static VirtualKitServer kits;

    static final List<String> NIGHTLY_CASES = List.of("empty-slots-wait-for-button", "rollback-by-button",
            "rollback-over-valid-primary", "upgrade-before-rollback", "power-failure-during-rollback",
            "swap-upgrade-and-confirm", "revert-bad-image-after-watchdog");

    @BeforeAll
    static void startKits() throws Exception {
        kits = new VirtualKitServer();
        kits.addRollbackKit("emu-nightly");
        kits.addRollbackKit("emu-broken");
        kits.addRollbackKit("emu-slow");
        kits.addRollbackKit("emu-rest");
        kits.addRollbackKit("emu-flaky");
        kits.addRollbackKit("real-1");
    }

    @AfterAll
    static void stopKits() throws Exception {
        // wait for the workers to store what they run, then remove this class's rows
        Thread.sleep(500);
        deleteRuns(kits.url());
        kits.close();
    }

    /** Deletes stored runs (and by cascade their cases, steps and log lines) on a board URL. */
    static void deleteRuns(String boardUrl) throws java.sql.SQLException {
        try (java.sql.Connection c = db(); var st = c.prepareStatement("delete from lab.runs where board_url = ?")) {
            st.setString(1, boardUrl);
            st.executeUpdate();
        }
    }

    static String start(String plan, String boardUrl, String boardId) {
        return given().contentType(ContentType.JSON)
                .body(boardId == null ? Map.of("plan", plan, "boardUrl", boardUrl)
                        : Map.of("plan", plan, "boardUrl", boardUrl, "boardId", boardId))
                .post("/api/v1/runs")
                .then().statusCode(202).header("Location", org.hamcrest.Matchers.containsString("/api/v1/runs/"))
                .extract().path("id");
    }

    static JsonPath await(String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 240_000;
        while (System.currentTimeMillis() < deadline) {
            JsonPath run = given().get("/api/v1/runs/" + id).then().statusCode(200).extract().jsonPath();
            if (!List.of("QUEUED", "RUNNING").contains(run.getString("status"))) {
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + id + " did not finish");
    }

    static Document xml(String id) throws Exception {
        String body = given().get("/api/v1/runs/" + id + "/report.xml").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("xml")).extract().asString();
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> testcases(Document d) {
        NodeList n = d.getElementsByTagName("testcase");
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) {
            out.add((Element) n.item(i));
        }
        return out;
    }

    @Test
    void nightlySuitePassesOnAnEmulatedRollbackKit() throws Exception {
        String id = start("rollback-nightly", kits.url(), "emu-nightly");
        JsonPath run = await(id);
        for (int i = 0; i < NIGHTLY_CASES.size(); i++) {
            assertThat(run.getString("cases[" + i + "].name")).isEqualTo(NIGHTLY_CASES.get(i));
            assertThat(run.getString("cases[" + i + "].status"))
                    .as(NIGHTLY_CASES.get(i) + ": " + run.getString("cases[" + i + "].message")).isEqualTo("PASSED");
        }
        assertThat(run.getString("status")).isEqualTo("PASSED");
        assertThat(run.getString("cases[1].variables.factoryVersion")).isEqualTo("1.0.0");

        Document d = xml(id);
        List<Element> cases = testcases(d);
        assertThat(cases).extracting(e -> e.getAttribute("name")).containsExactlyElementsOf(NIGHTLY_CASES);
        assertThat(d.getElementsByTagName("failure").getLength()).isZero();
        assertThat(d.getElementsByTagName("error").getLength()).isZero();
        assertThat(cases.get(1).getElementsByTagName("system-out").item(0).getTextContent())
                .contains("[INF] Factory App copied to primary slot successfully", "****Waiting for user button press event****");
        assertThat(((Element) d.getElementsByTagName("testsuite").item(0)).getAttribute("tests")).isEqualTo("7");

        JsonPath json = given().get("/api/v1/runs/" + id + "/report.json").then().statusCode(200).extract().jsonPath();
        assertThat(json.getList("cases.name")).containsExactlyElementsOf(NIGHTLY_CASES);
        assertThat(json.getList("cases[5].uart", String.class)).contains("[Blinky App] Received response: Y");
        assertThat(json.getString("cases[5].steps[15].message")).startsWith("period 250");

        try (java.sql.Connection c = db(); var st = c.prepareStatement(
                "select (select count(*) from lab.cases where run_id = ?::uuid),"
                        + " (select count(*) from lab.steps s join lab.cases k on s.case_id = k.id where k.run_id = ?::uuid),"
                        + " (select count(*) from lab.log_lines where run_id = ?::uuid and type = 'uart' and case_name = 'swap-upgrade-and-confirm'),"
                        + " (select status from lab.runs where id = ?::uuid)")) {
            for (int i = 1; i <= 4; i++) {
                st.setString(i, id);
            }
            var rs = st.executeQuery();
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(7);
            assertThat(rs.getInt(2)).isEqualTo(run.getList("cases.steps.flatten()").size());
            assertThat(rs.getInt(3)).isGreaterThan(10);
            assertThat(rs.getString(4)).isEqualTo("PASSED");
        }

        String html = given().get("/api/v1/runs/" + id + "/report.html").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("text/html")).extract().asString();
        assertThat(html).contains("<style>", "swap-upgrade-and-confirm", "class=\"bar\"", "bPASSED")
                .doesNotContain("<link", "<script", "src=\"http");
    }

    @Test
    void aWrongExpectedLineFailsExactlyThatCaseWithExpectedAndActual() throws Exception {
        String id = start("rollback-broken", kits.url(), "emu-broken");
        JsonPath run = await(id);
        assertThat(run.getList("cases.status")).containsExactly("PASSED", "FAILURE", "PASSED");
        assertThat(run.getString("status")).isEqualTo("FAILED");
        assertThat(run.getString("cases[1].steps[1].status")).isEqualTo("FAILED");
        assertThat(run.getString("cases[1].steps[2].status")).as("the rest of the case is skipped").isEqualTo("SKIPPED");

        Document d = xml(id);
        List<Element> cases = testcases(d);
        assertThat(cases.get(0).getElementsByTagName("failure").getLength()).isZero();
        assertThat(cases.get(2).getElementsByTagName("failure").getLength()).isZero();
        Element failure = (Element) cases.get(1).getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).contains("no matching line within 500 ms");
        assertThat(failure.getTextContent())
                .contains("expected: a console line matching /^\\[Factory App\\] Version:9\\.9\\.9/")
                .contains("actual:", "****Waiting for user button press event****");
    }

    @Test
    void anUnreachableBoardIsAnErrorAfterRetriesNotAFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String id = start("rollback-broken", "http://127.0.0.1:" + port, "gone");
        JsonPath run = await(id);
        assertThat(run.getString("status")).isEqualTo("ERROR");
        assertThat(run.getList("cases.status")).containsOnly("ERROR");
        assertThat(run.getString("message")).contains("failed after 3 attempts", "ConnectException");
        Document d = xml(id);
        assertThat(d.getElementsByTagName("error").getLength()).isEqualTo(3);
        assertThat(d.getElementsByTagName("failure").getLength()).isZero();
        List<String> log = sse(id, null);
        assertThat(log.stream().filter(l -> l.startsWith("event:retry")).count()).isEqualTo(3);
        deleteRuns("http://127.0.0.1:" + port);
    }

    @Test
    void a5xxFromTheBoardIsRetriedAndTheStepPasses() throws Exception {
        kits.failPower("emu-flaky", 2);
        JsonPath run = await(start("fault-and-power", kits.url(), "emu-flaky"));
        assertThat(run.getString("status")).isEqualTo("PASSED");
        assertThat(run.getString("cases[0].steps[0].status")).isEqualTo("PASSED");
        assertThat(run.getInt("cases[0].steps[0].attempts")).isEqualTo(3);
        assertThat(run.getString("cases[1].status")).as("fault injection works on emulated boards").isEqualTo("PASSED");
    }

    @Test
    void faultCasesAreSkippedWithAReasonOnRealBoards() throws Exception {
        JsonPath run = await(start("fault-and-power", kits.url(), "real-1"));
        assertThat(run.getList("cases.status")).containsExactly("PASSED", "SKIPPED");
        assertThat(run.getString("cases[1].message")).contains("fault injection", "fault-injection");
        assertThat(run.getString("status")).isEqualTo("PASSED");
        Document d = xml(run.getString("id"));
        assertThat(((Element) testcases(d).get(1).getElementsByTagName("skipped").item(0)).getAttribute("message"))
                .contains("fault injection");
    }

    @Test
    void listStatusCancelAndConflictOnAFinishedRun() throws Exception {
        String id = start("slow", kits.url(), "emu-slow");
        given().get("/api/v1/runs").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem(id));
        long deadline = System.currentTimeMillis() + 20_000;
        while (!"RUNNING".equals(given().get("/api/v1/runs/" + id).then().extract().path("status"))) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(50);
        }
        given().post("/api/v1/runs/" + id + "/cancel").then().statusCode(202);
        JsonPath run = await(id);
        assertThat(run.getString("status")).isEqualTo("CANCELLED");
        assertThat(run.getList("cases.status")).containsExactly("CANCELLED", "CANCELLED");
        given().post("/api/v1/runs/" + id + "/cancel").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/run-finished"));
        given().get("/api/v1/runs/no-such-run").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theLogIsServerSentEventsResumableWithLastEventId() throws Exception {
        String id = start("rollback-broken", kits.url(), "emu-rest");
        List<String> all = sse(id, null); // follows the run to its end
        List<String> ids = all.stream().filter(l -> l.startsWith("id:")).map(l -> l.substring(3).trim()).toList();
        assertThat(ids).hasSizeGreaterThan(10);
        assertThat(ids.get(0)).isEqualTo("1");
        assertThat(all).anyMatch(l -> l.startsWith("data:") && l.contains("[Factory App] Version:1.0.0"));
        assertThat(all).anyMatch(l -> l.contains("finished: FAILED"));

        List<String> resumed = sse(id, "5");
        List<String> rids = resumed.stream().filter(l -> l.startsWith("id:")).map(l -> l.substring(3).trim()).toList();
        assertThat(rids.get(0)).isEqualTo("6");
        assertThat(rids).hasSize(ids.size() - 5);
    }

    @Test
    void badInputIsProblemJson() {
        given().contentType(ContentType.JSON).body(Map.of("plan", "no-such-plan", "boardUrl", kits.url()))
                .post("/api/v1/runs").then().statusCode(404).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/plan-not-found"))
                .body("detail", org.hamcrest.Matchers.containsString("no-such-plan"));
        given().contentType(ContentType.JSON).body("{\"plan\": ").post("/api/v1/runs")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("boardUrl", kits.url()))
                .post("/api/v1/runs").then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("plan"));
        given().contentType(ContentType.JSON).body(Map.of("plan", "slow", "boardUrl", "not a url"))
                .post("/api/v1/runs").then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("boardUrl"));
        given().contentType("text/plain")
                .body("name: p\ncases:\n  - name: c1\n    steps:\n      - power: {action: on}\n      - expect: {pattern: 'x', timeoutMs: soon}\n")
                .post("/api/v1/plans/validate").then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.startsWith("cases[0] (c1).steps[1].expect.timeoutMs: must be an integer"));
    }

    @Test
    void plansAreListedAndInvalidFilesAreReportedNotLoaded() {
        JsonPath p = given().get("/api/v1/plans").then().statusCode(200).extract().jsonPath();
        assertThat(p.getList("plans.name")).contains("rollback-nightly", "rollback-broken", "slow")
                .doesNotContain("invalid-plan");
        assertThat(p.getList("plans.find { it.name == 'rollback-nightly' }.cases", String.class))
                .containsExactlyElementsOf(NIGHTLY_CASES);
        assertThat(p.getString("rejected[0].file")).isEqualTo("invalid.yaml");
        assertThat(p.getString("rejected[0].error")).startsWith("cases[0] (only).steps[0].expect.timeoutMs");
    }

    static java.sql.Connection db() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/otalab", "otalab", "otalab");
    }

    @Test
    void aRunKnownOnlyToTheDatabaseIsServedFromIt() throws Exception {
        String id = java.util.UUID.randomUUID().toString();
        String caseId = java.util.UUID.randomUUID().toString();
        try (java.sql.Connection c = db(); var st = c.createStatement()) {
            st.executeUpdate("insert into lab.runs values ('" + id + "', 'rollback-nightly', 'http://pi:8080', 'kit-7',"
                    + " 'FAILED', null, now() - interval '1 day', now() - interval '1 day', now() - interval '1 day' + interval '9 second')");
            st.executeUpdate("insert into lab.cases values ('" + caseId + "', '" + id + "', 0, 'stored-case', 'FAILURE',"
                    + " 'step 0 (expect /x/): no match', now(), now(), 9000, null)");
            st.executeUpdate("insert into lab.steps values ('" + java.util.UUID.randomUUID() + "', '" + caseId + "', 0,"
                    + " 'expect', 'expect /x/ within 5 ms', 'FAILED', now(), now(), 5, 1, 'no match', 'a line /x/', 'nothing')");
            st.executeUpdate("insert into lab.log_lines values ('" + id + "', 1, now(), 'uart', 'stored-case', 'hello from the db')");
        }
        try {
            given().get("/api/v1/runs/" + id).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("FAILED"))
                    .body("cases[0].steps[0].actual", org.hamcrest.Matchers.equalTo("nothing"));
            given().get("/api/v1/runs").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem(id));
            assertThat(given().get("/api/v1/runs/" + id + "/report.xml").then().statusCode(200).extract().asString())
                    .contains("<testcase classname=\"rollback-nightly\" name=\"stored-case\"", "<failure", "hello from the db");
            given().post("/api/v1/runs/" + id + "/cancel").then().statusCode(409);
            assertThat(sse(id, null)).contains("id:1").anyMatch(l -> l.contains("hello from the db"));
        } finally {
            try (java.sql.Connection c = db(); var st = c.createStatement()) {
                st.executeUpdate("delete from lab.runs where id = '" + id + "'");
            }
        }
    }

    /** Reads the SSE log until the server ends it; returns the raw lines. */
    static List<String> sse(String id, String lastEventId) throws Exception {
        URL url = new URL(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/api/v1/runs/" + id + "/log");
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setRequestProperty("Accept", "text/event-stream");
        if (lastEventId != null) {
            c.setRequestProperty("Last-Event-ID", lastEventId);
        }
        c.setReadTimeout(240_000);
        assertThat(c.getResponseCode()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                lines.add(l);
            }
        }
        return lines;
    }
}
