package dev.otalab.emulator.ota;

import static dev.otalab.emulator.ota.OtaFixtures.BOARD;
import static dev.otalab.emulator.ota.OtaFixtures.EXECUTOR;
import static dev.otalab.emulator.ota.OtaFixtures.KIT;
import static dev.otalab.emulator.ota.OtaFixtures.SCHEDULER;
import static dev.otalab.emulator.ota.OtaFixtures.image;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.emulator.kit.KitSpec;
import dev.otalab.emulator.kit.KitState;
import dev.otalab.emulator.kit.VirtualKit;
import dev.otalab.emulator.ota.OtaFixtures.Use;
import dev.otalab.labapi.FlashTarget;
import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.labapi.dto.FaultRequest;
import dev.otalab.labapi.dto.ImageFormat;
import dev.otalab.labapi.dto.SlotInfo;
import dev.otalab.ota.ChunkEncoder;
import dev.otalab.ota.ChunkHeader;
import dev.otalab.ota.DeviceIdentity;
import dev.otalab.ota.JobDocument;
import dev.otalab.ota.OtaVersion;
import dev.otalab.ota.RequestUpdate;
import dev.otalab.ota.UpdateAvailability;
import dev.otalab.testing.MosquittoBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The device side of OTA end to end: virtual kits running the OTA Agent over a real Mosquitto with
 * TLS (mutual TLS on the "8884" listener with the board's certificate, server-only TLS on "8883";
 * the deployment ACL on both), against {@link TestOtaServer} playing job-service and image-store
 * with {@code services/ota-protocol}. Updates are checked by what MCUboot makes of them on the next
 * boot (hash and signature), the app that runs, its LED and the slots.
 */
class OtaAgentTest {

    static final String SWAP_MAP = "psoc62_2m_ext_swap_single";
    static final String ROLLBACK_MAP = "psoc62_2m_rollback_swap";
    static final OtaVersion V100 = OtaVersion.of(1, 0, 0);
    static final OtaVersion V110 = OtaVersion.of(1, 1, 0);
    static final String V110_JSON = "{\"app\":\"ota\",\"blinkMs\":100}";
    static final Duration LONG = Duration.ofSeconds(60);

    static final OtaTimers FAST = OtaTimers.builder()
            .initialCheckMs(100).nextCheckMs(300).retryMs(200).jobWaitMs(1500).dataTimeoutMs(8000)
            .connectRetryDelayMs(100).rebootDelayMs(100).ackTimeoutMs(3000).build();

    static MosquittoBroker broker;
    static OtaNetwork network;
    /** The OTA app 1.0.0 in the primary (internal flash, -R 0). */
    static byte[] app100;
    /** The 1.1.0 download (LED 100 ms), 11 chunks. */
    static byte[] update110;

    TestOtaServer server;
    final List<VirtualKit> kits = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = MosquittoBroker.builder().tls().mutualTls().client(BOARD).deployAcl().start();
        network = OtaNetwork.create(1);
        app100 = image("1.0.0", null, 8192, Use.PRIMARY);
        update110 = image("1.1.0", V110_JSON, 40_000, Use.OTA);
    }

    @AfterAll
    static void stopBroker() {
        if (network != null) {
            network.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void startServer() throws Exception {
        server = TestOtaServer.start(broker);
    }

    @AfterEach
    void closeAll() throws InterruptedException {
        kits.forEach(VirtualKit::close);
        await("every kit connection closed", Duration.ofSeconds(20),
                () -> network.openConnections() == 0 && network.pendingConnects() == 0,
                () -> network.openConnections() + " open, " + network.pendingConnects() + " pending");
        Thread.sleep(200); // the broker publishes the closed kits' wills before the next test's server subscribes
        server.close();
    }

    // ------------------------------------------------------------------ fixtures

    static OtaConfig.Builder mutualTls(String serial) {
        return OtaConfig.builder()
                .broker(broker.host(), broker.mutualTlsPort())
                .caCertificate(broker.caCertificate())
                .clientCertificate(broker.clientCertificate(BOARD), broker.clientKey(BOARD))
                .serialNumber(serial)
                .timers(FAST);
    }

    VirtualKit kit(String id, String map, BootloaderKind kind, OtaConfig ota) {
        VirtualKit k = VirtualKit.create(KitSpec.builder()
                .id(id).kit(KIT).flashmap(OtaFixtures.map(map)).bootloader(kind)
                .trustedKey(OtaFixtures.key().publicOnly())
                .scheduler(SCHEDULER).executor(EXECUTOR)
                .ota(ota).otaNetwork(network)
                .build());
        kits.add(k);
        return k;
    }

    VirtualKit otaKit(String id, OtaConfig ota) {
        VirtualKit k = kit(id, SWAP_MAP, BootloaderKind.MCUBOOT, ota);
        k.program(FlashTarget.ofArea("primary"), app100, ImageFormat.BIN);
        return k;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await(what, timeout, condition, () -> "");
    }

    static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + " " + state.get());
            }
            Thread.sleep(10);
        }
    }

    /** The kit's OTA status and its last console lines, for failure messages. */
    static String diag(VirtualKit kit) {
        List<String> lines = kit.uartTexts(0);
        return kit.otaStatus() + "\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    static boolean runs(VirtualKit kit, String version) {
        return kit.runningApp().map(a -> a.versionText().equals(version)).orElse(false);
    }

    static List<String> otaLines(VirtualKit kit) {
        return kit.uartTexts(0).stream().filter(l -> l.startsWith(OtaAgent.TAG)).toList();
    }

    static String uniqueTopicOf(TestOtaServer.Request r) {
        return r.message().uniqueTopicName();
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void otaAppDownloadsTheOfferedUpdateRebootsAndMcubootInstallsIt() throws Exception {
        server.offer(TestOtaServer.job(BOARD, V110)).serve(update110, V110);
        VirtualKit kit = otaKit("ota-e2e", mutualTls("SN-E2E-0001").build());

        kit.powerOn();
        assertThat(runs(kit, "1.0.0")).isTrue();
        await("the 1.1.0 app", LONG, () -> runs(kit, "1.1.0"), () -> diag(kit));

        // the two requests, byte for byte, with the running version, this kit's serial and one unique topic
        TestOtaServer.Request ua = server.requests(UpdateAvailability.class).get(0);
        String unique = uniqueTopicOf(ua);
        assertThat(unique).matches("MyUniqueTopic/APP_CY8CPROTO_062S2_43439/OTAImage/(0|[1-9]\\d{0,4})");
        assertThat(Integer.parseInt(unique.substring(unique.lastIndexOf('/') + 1))).isBetween(0, 0xFFFF);
        assertThat(ua.topic()).isEqualTo("MyUniqueTopic/APP_CY8CPROTO_062S2_43439/publish_notify");
        assertThat(text(ua.payload())).isEqualTo("{\"Message\":\"Update Availability\", \"Manufacturer\": \"Infineon\", "
                + "\"ManufacturerID\": \"ABCD123\", \"ProductID\": \"EFGH456\", \"SerialNumber\": \"SN-E2E-0001\", "
                + "\"BoardName\": \"CY8CPROTO_062_4343W\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \"" + unique + "\"}");
        List<TestOtaServer.Request> ru = server.requests(RequestUpdate.class);
        assertThat(ru).hasSize(1);
        assertThat(text(ru.get(0).payload())).isEqualTo("{\"Message\":\"Request Update\", \"Manufacturer\": \"Infineon\", "
                + "\"ManufacturerID\": \"ABCD123\", \"ProductID\": \"EFGH456\", \"SerialNumber\": \"SN-E2E-0001\", "
                + "\"BoardName\": \"CY8CPROTO_062_4343W\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \"" + unique + "\"}");
        assertThat(ru.get(0).atNanos()).isGreaterThan(ua.atNanos());

        // console: the app's banner, the agent's main events, MCUboot's test swap, the new banner
        int chunks = new ChunkEncoder(update110, V110).chunkCount();
        assertThat(chunks).isEqualTo(11);
        int half = 1;
        while (half * 4096L * 2 < update110.length) {
            half++;
        }
        assertThat(kit.uartTexts(0)).containsSubsequence(
                "TEST Application: OTA Update version: 1.0.0",
                "Watchdog timer started by the bootloader is now turned off!!!",
                "[OTA] Agent started for APP_CY8CPROTO_062S2_43439, version 1.0.0; server 127.0.0.1:"
                        + broker.mutualTlsPort() + " (TLS), first check in 100 ms",
                "[OTA] Checking for an update: connecting to 127.0.0.1:" + broker.mutualTlsPort() + " (TLS) for the job",
                "[OTA] Sent Update Availability (version 1.0.0) to MyUniqueTopic/APP_CY8CPROTO_062S2_43439/publish_notify;"
                        + " waiting for the job on " + unique,
                "[OTA] Job document: " + TestOtaServer.job(BOARD, V110).withUniqueTopicName(unique),
                "[OTA] Update to 1.1.0 accepted (use same server; Check Job Doc for correct MQTT Port: "
                        + broker.mutualTlsPort() + ")",
                "[OTA] Erasing the secondary slot",
                "[OTA] Connecting to 127.0.0.1:" + broker.mutualTlsPort() + " (TLS) for the data",
                "[OTA] Sent Request Update, download attempt 1 of 3",
                "[OTA] Downloaded 50% (" + half * 4096 + " of " + update110.length + " bytes)",
                "[OTA] Download complete: " + update110.length + " bytes",
                "[OTA] Update 1.1.0 marked pending for MCUboot (test); rebooting in 100 ms",
                "[INF] MCUBoot Bootloader Started",
                "[INF] Swap type: test",
                "[INF] User Application validated successfully",
                "TEST Application: OTA Update version: 1.1.0");
        assertThat(kit.uartTexts(0)).noneMatch(l -> l.contains("[ERR]") || l.contains("not valid"));
        assertThat(kit.bootCount()).isEqualTo(2);

        // MCUboot swapped: 1.1.0 confirmed by the app at start, 1.0.0 kept in the secondary for a revert
        List<SlotInfo> slots = kit.slots();
        assertThat(slots.get(0).version()).isEqualTo("1.1.0");
        assertThat(slots.get(0).confirmed()).isTrue();
        assertThat(slots.get(0).active()).isTrue();
        assertThat(slots.get(1).version()).isEqualTo("1.0.0");
        assertThat(kit.observeLed(1500).get(5, TimeUnit.SECONDS).periodMs()).isEqualTo(100L);

        // the new app's agent asks again with its own version and turns the same offer down
        await("a check from 1.1.0", LONG, () -> server.requests(UpdateAvailability.class).stream()
                .anyMatch(r -> text(r.payload()).contains("\"Version\": \"1.1.0\"")));
        await("the rejection", LONG, () -> kit.otaStatus().lastOutcome() == OtaOutcome.VERSION_NOT_NEWER);
        assertThat(server.requests(RequestUpdate.class)).hasSize(1);
        OtaCounters c = kit.otaStatus().counters();
        assertThat(c.downloads()).isEqualTo(1);
        assertThat(c.updatesPending()).isEqualTo(1);
        assertThat(c.chunksWritten()).isEqualTo(chunks);
        assertThat(c.bytesWritten()).isEqualTo(update110.length);
        assertThat(c.attemptsFailed()).isZero();
        assertThat(c.jobsRejected()).isGreaterThanOrEqualTo(1);

        // MQTT session parameters as the broker saw them: id <kit id><ms & 0xFFFF>, 3.1.1, clean, keep-alive 60,
        // the board's certificate CN as user; every connection ended with DISCONNECT (no will published)
        Matcher m = Pattern.compile("New client connected from \\S+ as (ota-e2e\\d+) \\(p2, c1, k60, u'"
                + BOARD + "'\\)").matcher(broker.log());
        Set<String> ids = new HashSet<>();
        while (m.find()) {
            ids.add(m.group(1));
            assertThat(Integer.parseInt(m.group(1).substring("ota-e2e".length()))).isBetween(0, 0xFFFF);
        }
        assertThat(ids).as("a new connection per phase").hasSizeGreaterThanOrEqualTo(3);
        assertThat(server.wills()).isEmpty();
    }

    @Test
    void factoryAppStartsTheAgentOnTheButtonAndRebootsIntoTheDownloadedBlinky() throws Exception {
        byte[] blinky = image("2.0.0", "{\"app\":\"blinky\"}", 20_000, Use.OTA);
        OtaVersion v200 = OtaVersion.of(2, 0, 0);
        server.offer(TestOtaServer.job(BOARD, v200)).serve(blinky, v200);
        // anonymous TLS ("8883"): server certificate checked against the CA, no client certificate
        OtaConfig tls = OtaConfig.builder().broker(broker.host(), broker.tlsPort())
                .caCertificate(broker.caCertificate()).timers(FAST).build();
        VirtualKit kit = kit("rb-factory", ROLLBACK_MAP, BootloaderKind.ROLLBACK, tls);
        kit.program(FlashTarget.ofArea("factory"), image("1.0.0", "{\"app\":\"factory\"}", 8192, Use.FACTORY),
                ImageFormat.BIN);

        kit.powerOn();
        assertThat(kit.state()).isEqualTo(KitState.WAITING_FOR_BUTTON);
        kit.press(20).get(5, TimeUnit.SECONDS); // rollback: the factory app starts and waits for the button
        assertThat(runs(kit, "1.0.0")).isTrue();
        Thread.sleep(500);
        assertThat(kit.otaStatus().state()).isEqualTo(OtaState.NOT_INITIALIZED);
        assertThat(server.requests()).as("no OTA before the button").isEmpty();

        long seq = kit.latestSeq();
        kit.press(20).get(5, TimeUnit.SECONDS);
        await("blinky 2.0.0", LONG, () -> runs(kit, "2.0.0"), () -> diag(kit));

        assertThat(kit.uartTexts(seq)).containsSubsequence(
                "Detected user button event...",
                "Starting OTA task...",
                "state_mgr task entering IDLE state...",
                "[OTA] Agent started for APP_CY8CPROTO_062S2_43439, version 1.0.0; server 127.0.0.1:"
                        + broker.tlsPort() + " (TLS), first check in 100 ms",
                "[OTA] Update to 2.0.0 accepted (use same server; Check Job Doc for correct MQTT Port: "
                        + broker.tlsPort() + ")",
                "[OTA] Download complete: " + blinky.length + " bytes",
                "[OTA] Update 2.0.0 marked pending for MCUboot (test); rebooting in 100 ms",
                "[INF] MCUboot Bootloader Started",
                "[INF] Swap type: test",
                "[INF] Application validated successfully !",
                "[INF] Launching User App on CM4. Please wait...",
                "[Blinky App] Version:2.0.0 IMAGE_TYPE:UPGRADE CPU:CM4_0",
                "[Blinky App] Do you want to mark the upgrade image in primary slot permanent (Y/N) ?");
        assertThat(text(server.requests(UpdateAvailability.class).get(0).payload()))
                .contains("\"SerialNumber\": \"ABC213450001\"", "\"Version\": \"1.0.0\"");
        assertThat(kit.otaRequests()).isEqualTo(1);
        assertThat(kit.slots().get(0).version()).isEqualTo("2.0.0");
        assertThat(kit.otaStatus().state()).as("blinky runs no agent").isEqualTo(OtaState.NOT_INITIALIZED);
        assertThat(kit.otaStatus().lastOutcome()).isEqualTo(OtaOutcome.UPDATE_PENDING);
        assertThat(kit.observeLed(1500).get(5, TimeUnit.SECONDS).periodMs()).as("blinky waits for Y/N, LED off")
                .isNull();
    }

    @Test
    void theRunningVersionOfferedAgainIsNotDownloaded() throws Exception {
        server.offer(TestOtaServer.job(BOARD, V100)).serve(app100, V100);
        VirtualKit kit = otaKit("ota-same", mutualTls("SN-SAME").build());
        byte[] secondaryBefore = kit.dump(FlashTarget.ofArea("secondary"), 0, 4096).data();

        kit.powerOn();
        List<TestOtaServer.Request> checks = server.await(UpdateAvailability.class, 3, LONG);
        await("the verdict", LONG, () -> kit.otaStatus().counters().jobsRejected() >= 2);

        assertThat(server.requests(RequestUpdate.class)).isEmpty();
        assertThat(checks.stream().map(OtaAgentTest::uniqueTopicOf).collect(Collectors.toSet()))
                .as("a new unique topic for every cycle").hasSizeGreaterThanOrEqualTo(2);
        OtaStatus s = kit.otaStatus();
        assertThat(s.lastOutcome()).isEqualTo(OtaOutcome.VERSION_NOT_NEWER);
        assertThat(s.lastDetail()).isEqualTo("Current Application version 1.0.0 update version 1.0.0. Fail.");
        assertThat(s.counters().downloads()).isZero();
        assertThat(otaLines(kit)).contains("[OTA] Job rejected: Current Application version 1.0.0 update version 1.0.0. Fail.")
                .noneMatch(l -> l.contains("Erasing") || l.contains("Request Update"));
        assertThat(kit.dump(FlashTarget.ofArea("secondary"), 0, 4096).data()).isEqualTo(secondaryBefore);
        assertThat(kit.bootCount()).isEqualTo(1);
        assertThat(runs(kit, "1.0.0")).isTrue();
    }

    @Test
    void aJobForAnotherBoardIsNotDownloaded() throws Exception {
        server.offer(TestOtaServer.job("APP_CY8CKIT_062S2_43012", V110)).serve(update110, V110);
        VirtualKit kit = otaKit("ota-board", mutualTls("SN-BOARD").build());

        kit.powerOn();
        server.await(UpdateAvailability.class, 2, LONG);
        await("the verdict", LONG, () -> kit.otaStatus().lastOutcome() == OtaOutcome.WRONG_BOARD);

        assertThat(server.requests(RequestUpdate.class)).isEmpty();
        assertThat(kit.otaStatus().lastDetail())
                .isEqualTo("board 'APP_CY8CKIT_062S2_43012' does not match this kit APP_CY8CPROTO_062S2_43439");
        assertThat(otaLines(kit)).noneMatch(l -> l.contains("Erasing"));
        assertThat(kit.slots().get(1).version()).as("secondary untouched").isNull();
        assertThat(kit.bootCount()).isEqualTo(1);
    }

    @Test
    void aJobNamingAnotherPortMovesTheDataPhaseThere() throws Exception {
        // the job keeps the host ("Broker": "") and names the anonymous TLS listener: the data phase switches
        server.offer(JobDocument.updateAvailable().board(BOARD).version(V110).broker("")
                .port(String.valueOf(broker.tlsPort())).build()).serve(update110, V110);
        VirtualKit kit = otaKit("ota-switch", mutualTls("SN-SWITCH").build());

        kit.powerOn();
        await("the 1.1.0 app", LONG, () -> runs(kit, "1.1.0"), () -> diag(kit));

        assertThat(otaLines(kit)).containsSubsequence(
                "[OTA] Checking for an update: connecting to 127.0.0.1:" + broker.mutualTlsPort() + " (TLS) for the job",
                "[OTA] Update to 1.1.0 accepted (switch server from MQTT 127.0.0.1:" + broker.mutualTlsPort()
                        + " to MQTT 127.0.0.1:" + broker.tlsPort() + ")",
                "[OTA] Connecting to 127.0.0.1:" + broker.tlsPort() + " (TLS) for the data",
                "[OTA] Download complete: " + update110.length + " bytes");
        // the job connection came in on the mutual-TLS listener with the board's certificate, the data one anonymously
        Matcher m = Pattern.compile("New client connected from \\S+ as ota-switch\\d+ \\(p2, c1, k60(, u'([^']*)')?\\)")
                .matcher(broker.log());
        List<String> users = new ArrayList<>();
        while (m.find()) {
            users.add(m.group(2) == null ? "" : m.group(2));
        }
        assertThat(users).startsWith(BOARD, "");
    }

    @Test
    void duplicateAndOutOfOrderChunksStillGiveTheExactImage() throws Exception {
        ChunkEncoder encoder = new ChunkEncoder(update110, V110);
        List<byte[]> shuffled = new ArrayList<>();
        for (int i : new int[] {0, 2, 1, 1, 3, 0, 5, 4}) {
            shuffled.add(encoder.message(i));
        }
        for (int i = 6; i < encoder.chunkCount(); i++) {
            shuffled.add(encoder.message(i));
        }
        server.offer(TestOtaServer.job(BOARD, V110));
        server.chunks = (n, ru) -> shuffled;
        VirtualKit kit = otaKit("ota-order", mutualTls("SN-ORDER").build());

        kit.powerOn();
        await("the 1.1.0 app", LONG, () -> runs(kit, "1.1.0"), () -> diag(kit));

        assertThat(server.transfers()).isEqualTo(1);
        OtaCounters c = kit.otaStatus().counters();
        assertThat(c.chunksDuplicate()).isEqualTo(2);
        assertThat(c.chunksWritten()).isEqualTo(encoder.chunkCount());
        assertThat(c.bytesWritten()).isEqualTo(update110.length);
        assertThat(c.attemptsFailed()).isZero();
        assertThat(otaLines(kit)).containsSubsequence(
                "[OTA] Chunk 2 out of order, written at 8192",
                "[OTA] Chunk 1 out of order, written at 4096",
                "[OTA] Chunk 1 is a duplicate, not written",
                "[OTA] Chunk 0 is a duplicate, not written",
                "[OTA] Download complete: " + update110.length + " bytes");
        assertThat(kit.uartTexts(0)).noneMatch(l -> l.contains("[ERR]") || l.contains("not valid"));
        assertThat(kit.slots().get(0).version()).isEqualTo("1.1.0");
    }

    @Test
    void aBrokerRestartMidDownloadIsRetriedAndMcubootAcceptsTheResult() throws Exception {
        server.offer(TestOtaServer.job(BOARD, V110)).serve(update110, V110);
        CompletableFuture<Void> restarted = new CompletableFuture<>();
        server.hook = (transfer, position, message) -> {
            if (transfer == 1 && position == 4) {
                CompletableFuture.runAsync(() -> {
                    broker.restart();
                    restarted.complete(null);
                });
                return false;
            }
            return true;
        };
        VirtualKit kit = otaKit("ota-restart", mutualTls("SN-RESTART").build());

        kit.powerOn();
        restarted.get(30, TimeUnit.SECONDS);
        await("the 1.1.0 app", LONG, () -> runs(kit, "1.1.0"), () -> diag(kit));

        assertThat(server.transfers()).isGreaterThanOrEqualTo(2);
        OtaCounters c = kit.otaStatus().counters();
        assertThat(c.attemptsFailed() + c.connectFailures()).isGreaterThanOrEqualTo(1);
        assertThat(c.updatesPending()).isEqualTo(1);
        assertThat(otaLines(kit)).contains("[OTA] Download attempt 1 of 3 failed: connection lost");
        assertThat(kit.uartTexts(0)).containsSubsequence("[INF] Swap type: test",
                "[INF] User Application validated successfully", "TEST Application: OTA Update version: 1.1.0");
        assertThat(kit.uartTexts(0)).noneMatch(l -> l.contains("[ERR]") || l.contains("not valid"));
        assertThat(kit.slots().get(0).version()).isEqualTo("1.1.0");
    }

    @Test
    void aPowerCutDuringTheDownloadBootsTheOldImageAndALaterCycleSucceeds() throws Exception {
        server.offer(TestOtaServer.job(BOARD, V110)).serve(update110, V110);
        VirtualKit kit = otaKit("ota-power", mutualTls("SN-POWER").build());

        kit.powerOn();
        // counted from now: 8 sector erases of the secondary, then 512-byte programs (8 per 4 KB chunk);
        // operation 27 is the third program of chunk 2
        kit.armFault(new FaultRequest(27L, null, 300L));
        await("the cut", LONG, () -> kit.faults().tripped());
        assertThat(kit.faults().flashOps()).isEqualTo(27);
        await("the 1.1.0 app", LONG, () -> runs(kit, "1.1.0"), () -> diag(kit));

        List<String> lines = kit.uartTexts(0);
        assertThat(lines).containsSubsequence(
                "TEST Application: OTA Update version: 1.0.0",
                "[OTA] Erasing the secondary slot",
                "[OTA] Sent Request Update, download attempt 1 of 3",
                // power back after 300 ms: nothing pending, the old image runs and checks again
                "[INF] MCUBoot Bootloader Started",
                "[INF] Swap type: none",
                "TEST Application: OTA Update version: 1.0.0",
                "[OTA] Download complete: " + update110.length + " bytes",
                "[INF] Swap type: test",
                "TEST Application: OTA Update version: 1.1.0");
        assertThat(lines).noneMatch(l -> l.contains("[ERR]") || l.contains("not valid"));
        assertThat(kit.bootCount()).isEqualTo(3);
        assertThat(server.transfers()).isEqualTo(2);
        OtaCounters c = kit.otaStatus().counters();
        assertThat(c.downloads()).isEqualTo(2);
        assertThat(c.updatesPending()).isEqualTo(1);
        assertThat(server.wills()).as("the cut dropped the connection without DISCONNECT")
                .containsExactly("MQTT demo unexpectedly disconnected.");
        assertThat(kit.slots().get(0).version()).isEqualTo("1.1.0");
    }

    @Test
    void aBadChunkHeaderFailsTheAttemptWhichIsRetriedOnTheSameUniqueTopic() throws Exception {
        ChunkEncoder encoder = new ChunkEncoder(update110, V110);
        byte[] bad = encoder.message(1);
        bad[10] = 1; // ota_image_type 1: "not a header"
        server.offer(TestOtaServer.job(BOARD, V110));
        server.chunks = (n, ru) -> n == 1 ? List.of(encoder.message(0), bad) : TestOtaServer.all(encoder);
        VirtualKit kit = otaKit("ota-header", mutualTls("SN-HEADER").build());

        kit.powerOn();
        await("the 1.1.0 app", LONG, () -> runs(kit, "1.1.0"), () -> diag(kit));

        List<TestOtaServer.Request> ru = server.requests(RequestUpdate.class);
        assertThat(ru).hasSize(2);
        assertThat(uniqueTopicOf(ru.get(1))).isEqualTo(uniqueTopicOf(ru.get(0)));
        assertThat(server.requests(UpdateAvailability.class).stream()
                .filter(r -> text(r.payload()).contains("\"Version\": \"1.0.0\""))).hasSize(1);
        OtaCounters c = kit.otaStatus().counters();
        assertThat(c.attemptsFailed()).isEqualTo(1);
        assertThat(c.chunksRejected()).isEqualTo(1);
        assertThat(otaLines(kit)).containsSubsequence(
                "[OTA] Sent Request Update, download attempt 1 of 3",
                "[OTA] Download attempt 1 of 3 failed: chunk rejected: not a header: ota_image_type 1 is not 0",
                "[OTA] Erasing the secondary slot",
                "[OTA] Sent Request Update, download attempt 2 of 3",
                "[OTA] Download complete: " + update110.length + " bytes");
        assertThat(kit.uartTexts(0)).noneMatch(l -> l.contains("[ERR]") || l.contains("not valid"));
    }

    @Test
    void aChunkLargerThanTheDeviceReceiveBufferCostsTheAttempt() throws Exception {
        ChunkEncoder encoder = new ChunkEncoder(update110, V110);
        int dataSize = 6000; // fixed header + topic + packet id + 32 + 6000 > 5120: coreMQTT cannot receive it
        byte[] big = new byte[ChunkHeader.SIZE + dataSize];
        ChunkHeader.of(V110, update110.length, 0, dataSize, encoder.chunkCount(), 0).encodeInto(big, 0);
        System.arraycopy(update110, 0, big, ChunkHeader.SIZE, dataSize);
        server.offer(TestOtaServer.job(BOARD, V110));
        server.chunks = (n, ru) -> n == 1 ? List.of(big) : TestOtaServer.all(encoder);
        VirtualKit kit = otaKit("ota-big", mutualTls("SN-BIG").build());

        kit.powerOn();
        await("the 1.1.0 app", LONG, () -> runs(kit, "1.1.0"), () -> diag(kit));

        assertThat(otaLines(kit)).containsSubsequence(
                "[OTA] Sent Request Update, download attempt 1 of 3",
                "[OTA] Download attempt 1 of 3 failed: connection lost",
                "[OTA] Sent Request Update, download attempt 2 of 3",
                "[OTA] Download complete: " + update110.length + " bytes");
        assertThat(kit.otaStatus().counters().chunksWritten()).isEqualTo(encoder.chunkCount());
        assertThat(server.transfers()).isEqualTo(2);
    }

    @Test
    void silenceMeansNoJobAndPowerOffDropsTheConnectionLikeAPowerLoss() throws Exception {
        VirtualKit kit = otaKit("ota-quiet", mutualTls("SN-QUIET").build()); // the server never answers

        kit.powerOn();
        List<TestOtaServer.Request> checks = server.await(UpdateAvailability.class, 2, LONG);
        assertThat(uniqueTopicOf(checks.get(1))).isNotEqualTo(uniqueTopicOf(checks.get(0)));
        assertThat(kit.otaStatus().counters().noJob()).isGreaterThanOrEqualTo(1);
        assertThat(otaLines(kit)).contains("[OTA] No update: no job document within 1500 ms");
        assertThat(kit.otaStatus().lastOutcome()).isEqualTo(OtaOutcome.NO_JOB);

        await("the job wait", LONG, () -> kit.otaStatus().state() == OtaState.JOB_DOWNLOAD);
        assertThat(network.openConnections()).isEqualTo(1);
        kit.powerOff();
        await("the will", Duration.ofSeconds(10), () -> !server.wills().isEmpty());
        await("the socket closed", Duration.ofSeconds(10), () -> network.openConnections() == 0);
        assertThat(server.wills()).containsExactly("MQTT demo unexpectedly disconnected.");
        assertThat(kit.otaStatus().state()).isEqualTo(OtaState.NOT_INITIALIZED);
        int asked = server.requests().size();
        Thread.sleep(1000);
        assertThat(server.requests()).as("no timer survives power off").hasSize(asked);
    }

    @Test
    void aHundredKitsShareOneEventLoopAndIdentifyThemselves() throws Exception {
        server.offer(TestOtaServer.job(BOARD, V100));
        // CE job wait: a hundred TLS handshakes at once on one event loop take a few seconds
        OtaTimers ce = FAST.toBuilder().jobWaitMs(30_000).nextCheckMs(120_000).build();
        int threadsBefore = Thread.activeCount();
        List<VirtualKit> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(otaKit(String.format("many-%03d", i), mutualTls(String.format("SN-%04d", i)).timers(ce).build()));
        }
        many.forEach(VirtualKit::powerOn);
        await("every kit's verdict", LONG, () -> many.stream()
                .allMatch(k -> k.otaStatus().lastOutcome() == OtaOutcome.VERSION_NOT_NEWER),
                () -> many.stream().collect(Collectors.groupingBy(
                        k -> k.otaStatus().state() + "/" + k.otaStatus().lastOutcome(), Collectors.counting())).toString());

        Set<String> serials = new HashSet<>();
        Pattern sn = Pattern.compile("\"SerialNumber\": \"(SN-\\d{4})\"");
        for (TestOtaServer.Request r : server.requests(UpdateAvailability.class)) {
            Matcher m = sn.matcher(text(r.payload()));
            assertThat(m.find()).isTrue();
            serials.add(m.group(1));
        }
        assertThat(serials).as("each kit's own identity").hasSize(100);
        assertThat(server.requests(UpdateAvailability.class)).as("one check each").hasSize(100);
        assertThat(many).allMatch(k -> k.otaStatus().state() == OtaState.AGENT_WAITING);
        assertThat(Thread.activeCount() - threadsBefore).as("no thread per kit").isLessThan(10);
        assertThat(network.openConnections()).as("between checks no kit holds a connection").isZero();
        many.forEach(VirtualKit::powerOff);
        assertThat(many).allMatch(k -> k.otaStatus().state() == OtaState.NOT_INITIALIZED);
        assertThat(network.pendingConnects()).isZero();
        Thread.sleep(300);
        assertThat(server.wills()).as("no connection was open: every phase ended with DISCONNECT").isEmpty();
        String log = broker.log();
        long opened = Pattern.compile("New client connected from \\S+ as many-\\d+").matcher(log).results().count();
        long closed = Pattern.compile("Client many-\\d+ disconnected\\.").matcher(log).results().count();
        assertThat(opened).as("a job connection per kit").isEqualTo(100);
        assertThat(closed).as("each closed with DISCONNECT, none left open").isEqualTo(opened);
    }

    @Test
    void anIdentityTooLongForTheDeviceBufferSendsNothing() throws Exception {
        server.offer(TestOtaServer.job(BOARD, V110));
        DeviceIdentity huge = new DeviceIdentity("M".repeat(800), "ABCD123", "EFGH456", "SN-HUGE", "CY8CPROTO_062_4343W");
        VirtualKit kit = otaKit("ota-huge", mutualTls("SN-HUGE").identity(huge).build());

        kit.powerOn();
        await("the cycle's end", LONG, () -> kit.otaStatus().lastOutcome() == OtaOutcome.NO_JOB, () -> diag(kit));

        assertThat(kit.otaStatus().lastDetail()).startsWith("Update Availability not sent: device message would be ")
                .endsWith("bytes; the device's buffer holds 1023");
        assertThat(server.requests()).isEmpty();
        assertThat(kit.otaStatus().counters().checks()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aKitWithoutOtaConfigurationRunsNoAgent() throws Exception {
        VirtualKit kit = otaKit("ota-none", null);
        kit.powerOn();
        Thread.sleep(400);
        assertThat(kit.otaStatus().state()).isEqualTo(OtaState.NOT_INITIALIZED);
        assertThat(kit.otaCheckNow()).isFalse();
        assertThat(otaLines(kit)).isEmpty();
        assertThat(kit.uartTexts(0)).contains("TEST Application: OTA Update version: 1.0.0");
    }

    static DeviceIdentity identity(String serial) {
        return new DeviceIdentity("Infineon", "ABCD123", "EFGH456", serial, "CY8CPROTO_062_4343W");
    }
}
