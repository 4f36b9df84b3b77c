package dev.otalab.controller;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Issue 6's proof: one plan run on a "real" kit behind the lab-agent (its built jar as a process:
 * mock GPIO, the UART on a socat pty pair, power through the agent's command option whose "on"
 * prints the rollback bootloader's lines into the pty) and on an emulated kit with the same
 * flashmap gives JUnit XML of the same shape: same suites, cases, classnames, attributes, elements
 * and outcomes; only times, ids, the board's id/URL and the console text differ. The agent also
 * registers itself with this controller (the registration contract) and the run takes its board
 * through a lease.
 */
@QuarkusTest
class AgentShapeTest {

    static final Path ROOT = Path.of(System.getProperty("otalab.root", "../..")).toAbsolutePath().normalize();
    static final String TAG = UUID.randomUUID().toString().substring(0, 8);
    /** Attributes whose values belong to one run, not to the report's shape. */
    static final Set<String> PER_RUN = Set.of("time", "timestamp", "id", "hostname");

    /** The rollback bootloader's lines for empty slots (spec/psoc6-kits.md §6.4), each ending \n\r. */
    static final String BANNER = "[INF] \\033[2J\\033[;H\\n\\r[INF] MCUboot Bootloader Started\\n\\r"
            + "[INF] External Memory initialized w/ SFDP.\\n\\r[INF] No Upgrade available !\\n\\r"
            + "[INF] No valid image found in primary slot !\\n\\r"
            + "[INF] Press and release user button to initiate Rollback \\r\\n\\n\\r";

    private final List<AutoCloseable> cleanUp = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        java.util.Collections.reverse(cleanUp);
        for (AutoCloseable c : cleanUp) {
            c.close();
        }
    }

    static Path agentJar() throws IOException {
        Path target = ROOT.resolve("lab-agent/target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> s = Files.list(target)) {
                var jar = s.filter(p -> p.getFileName().toString().matches("lab-agent-.*-runner\\.jar")).findFirst();
                if (jar.isPresent()) {
                    return jar.get();
                }
            }
        }
        String why = "the lab-agent jar is not built (mvn -pl lab-agent package -DskipTests); the root build makes it first";
        if (System.getenv("CI") != null) {
            throw new AssertionError(why);
        }
        Assumptions.assumeTrue(false, why);
        return null;
    }

    @Test
    void aRealKitAndAnEmulatedKitGiveTheSameJUnitShape() throws Exception {
        Path jar = agentJar();
        Path dir = Files.createTempDirectory("agent-shape");
        String realBoard = "real-shape-" + TAG;
        String agent = "pi-shape-" + TAG;
        String emuBoard = "emu-shape-" + TAG;

        Process socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + dir.resolve("kit"),
                "pty,raw,echo=0,link=" + dir.resolve("console")).redirectErrorStream(true)
                .redirectOutput(dir.resolve("socat.log").toFile()).start();
        cleanUp.add(() -> stopProcess(socat));
        PoolTest.await(() -> Files.exists(dir.resolve("kit")) && Files.exists(dir.resolve("console")), "socat links");
        // stands in for a switchable USB hub port; switching on makes the kit boot as far as its UART goes
        Path power = dir.resolve("power.sh");
        Files.writeString(power, "#!/bin/sh\nif [ \"$1\" = on ]; then printf '" + BANNER + "' > " + dir.resolve("console")
                + "; fi\n");
        Files.setPosixFilePermissions(power, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port = freePort();
        Files.writeString(dir.resolve("agent.yaml"), """
                agent: {id: %s, url: 'http://127.0.0.1:%d', flashmapDir: %s, workDir: %s}
                gpio: {provider: mock}
                controller: {url: 'http://127.0.0.1:%d', heartbeatSeconds: 1}
                boards:
                  - id: %s
                    kit: CY8CPROTO-062S2-43439
                    flashmap: psoc62_2m_rollback_swap
                    serial: {device: %s}
                    button: {line: 17}
                    power: {command: '%s {action}'}
                """.formatted(agent, port, ROOT.resolve("flashmap"), dir, RestAssured.port, realBoard,
                dir.resolve("kit"), power));
        Process agentProcess = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.http.port=" + port, "-Dotalab.agent.config=" + dir.resolve("agent.yaml"),
                "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
        cleanUp.add(() -> stopProcess(agentProcess));
        cleanUp.add(() -> deleteAgents(agent, "emu-" + agent));

        // the agent registers itself and its board joins the pool
        PoolTest.await(() -> {
            assertThat(agentProcess.isAlive()).as("agent running; see " + dir.resolve("agent.log")).isTrue();
            return given().get("/api/v1/boards/" + realBoard).statusCode() == 200;
        }, "the agent registers");
        PoolTest.awaitHealth(realBoard, "GOOD");
        assertThat(PoolTest.board(realBoard).getString("agent")).isEqualTo(agent);

        // the emulated kit joins the pool the same way (an emulator registering like an agent)
        VirtualKitServer kits = new VirtualKitServer();
        cleanUp.add(kits);
        kits.addRollbackKit(emuBoard);
        given().contentType(ContentType.JSON).body(Map.of("id", "emu-" + agent, "url", kits.url(), "heartbeatSeconds", 30,
                "boards", List.of(Map.of("id", emuBoard, "kit", "CY8CPROTO-062S2-43439",
                        "flashmap", "psoc62_2m_rollback_swap", "capabilities", List.of("power", "uart", "button", "emulated")))))
                .post("/api/v1/agents").then().statusCode(201);
        PoolTest.awaitHealth(emuBoard, "GOOD");

        String realRun = run(realBoard);
        String emuRun = run(emuBoard);
        Document real = RunsTest.xml(realRun);
        Document emu = RunsTest.xml(emuRun);

        List<String> outcomes = RunsTest.testcases(real).stream().map(AgentShapeTest::outcome).toList();
        assertThat(outcomes).as("the plan's outcomes on the agent's board")
                .containsExactly("passed", "passed", "failure");
        assertThat(shape(real.getDocumentElement())).isEqualTo(shape(emu.getDocumentElement()));
        assertThat(RunsTest.testcases(real).get(0).getElementsByTagName("system-out").item(0).getTextContent())
                .contains("[INF] No valid image found in primary slot !");
        deleteRuns();
    }

    private static String run(String board) throws InterruptedException {
        String id = given().contentType(ContentType.JSON).body(Map.of("plan", "boot-shape", "boardId", board))
                .post("/api/v1/runs").then().statusCode(202).extract().path("id");
        var run = RunsTest.await(id);
        assertThat(run.getString("boardId")).isEqualTo(board);
        return id;
    }

    static String outcome(Element testcase) {
        for (String e : List.of("failure", "error", "skipped")) {
            if (testcase.getElementsByTagName(e).getLength() > 0) {
                return e;
            }
        }
        return "passed";
    }

    /**
     * The element tree with attribute names, attribute values except per-run ones (times, ids, the
     * board's id and URL) and no text: what a JUnit consumer keys on.
     */
    static String shape(Element e) {
        StringBuilder s = new StringBuilder();
        shape(e, "", s);
        return s.toString();
    }

    private static void shape(Element e, String indent, StringBuilder s) {
        Map<String, String> attrs = new TreeMap<>();
        NamedNodeMap a = e.getAttributes();
        boolean boardProperty = e.getTagName().equals("property") && e.getAttribute("name").startsWith("board.");
        for (int i = 0; i < a.getLength(); i++) {
            String name = a.item(i).getNodeName();
            boolean perRun = PER_RUN.contains(name) || (boardProperty && name.equals("value"));
            attrs.put(name, perRun ? "*" : a.item(i).getNodeValue());
        }
        s.append(indent).append('<').append(e.getTagName()).append(' ').append(attrs).append(">\n");
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                shape(child, indent + "  ", s);
            }
        }
    }

    private static void stopProcess(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    private void deleteAgents(String... ids) throws java.sql.SQLException {
        try (java.sql.Connection c = RunsTest.db(); var st = c.prepareStatement("delete from lab.agents where id = ANY(?)")) {
            st.setArray(1, c.createArrayOf("varchar", ids));
            st.executeUpdate();
        }
    }

    private static void deleteRuns() throws java.sql.SQLException {
        try (java.sql.Connection c = RunsTest.db(); var st = c.prepareStatement(
                "delete from lab.runs where plan = 'boot-shape' and board_id like ?")) {
            st.setString(1, "%-shape-" + TAG);
            st.executeUpdate();
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
