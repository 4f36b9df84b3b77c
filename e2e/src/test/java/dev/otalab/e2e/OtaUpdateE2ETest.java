package dev.otalab.e2e;

import static dev.otalab.e2e.E2eLab.LONG;
import static dev.otalab.e2e.E2eLab.ROLLBACK_MAP;
import static dev.otalab.e2e.E2eLab.SWAP_MAP;
import static dev.otalab.e2e.E2eLab.await;
import static dev.otalab.e2e.E2eLab.diag;
import static dev.otalab.e2e.E2eLab.runs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otalab.e2e.E2eLab.Use;
import dev.otalab.emulator.kit.KitState;
import dev.otalab.emulator.kit.VirtualKit;
import dev.otalab.emulator.ota.OtaConfig;
import dev.otalab.emulator.ota.OtaCounters;
import dev.otalab.labapi.FlashTarget;
import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.labapi.dto.ImageFormat;
import dev.otalab.labapi.dto.SlotInfo;
import dev.otalab.mcuboot.keys.KeyType;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.stack.OtalabService;
import dev.otalab.stack.client.ImageStoreClient.StoredImage;
import dev.otalab.stack.client.ServiceCallException;
import dev.otalab.stack.client.SigningClient.SignedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's seed flows through the real services: images signed by signing-service, stored by
 * image-store, offered by job-service, carried over a TLS Mosquitto with the deployment ACL to
 * emulated kits running the stock agent's state machine; the outcome is what MCUboot boots, the LED,
 * the console and what job-service recorded.
 */
class OtaUpdateE2ETest {

    static final String RUN = E2eLab.newRun();
    static final String OTA_BOARD = E2eLab.board(RUN, "OTA");
    static final String REVERT_BOARD = E2eLab.board(RUN, "REVERT");
    static final String SAME_BOARD = E2eLab.board(RUN, "SAME");
    static final String OTHER_BOARD = E2eLab.board(RUN, "OTHER");
    static final String FACTORY_BOARD = E2eLab.board(RUN, "FACTORY");
    static final String ROGUE_KEY = "e2e-rogue-ec-p256";

    static E2eLab lab;
    static final List<String> digests = new ArrayList<>();
    static final List<String> jobBoards = new ArrayList<>();

    @BeforeAll
    static void startBackend() throws Exception {
        // signing-service holds the test key and a rogue key that image-store does not trust
        Path keys = Files.createTempDirectory("e2e-signing-keys");
        Files.copy(OtalabService.repositoryRoot().resolve("keys/otalab-test-ec-p256.pem"),
                keys.resolve("otalab-test-ec-p256.pem"));
        McubootKey.generate(KeyType.ECDSA_P256).writePrivatePem(keys.resolve(ROGUE_KEY + ".pem"), null);
        lab = new E2eLab("OtaUpdateE2ETest", b -> b.signingKeysDir(keys),
                OTA_BOARD, REVERT_BOARD, SAME_BOARD, OTHER_BOARD);
    }

    @AfterEach
    void closeKits() throws InterruptedException {
        lab.closeKits();
    }

    @AfterAll
    static void stopBackend() throws Exception {
        if (lab == null) {
            return;
        }
        try {
            jobBoards.forEach(b -> lab.backend.jobs().deleteJob(b));
            digests.forEach(d -> {
                try {
                    lab.backend.images().delete(d);
                } catch (ServiceCallException e) {
                    // already gone
                }
            });
        } finally {
            lab.close();
        }
    }

    StoredImage store(String board, SignedImage signed) {
        StoredImage stored = lab.backend.images().upload(board, signed.bytes());
        digests.add(stored.digest());
        return stored;
    }

    void offer(String board, StoredImage image) {
        lab.backend.jobs().putJob(board, image.digest());
        jobBoards.add(board);
    }

    VirtualKit otaKit(String id, String board, String serial, byte[] primary) {
        VirtualKit kit = lab.kit(id, SWAP_MAP, BootloaderKind.MCUBOOT, lab.mutualTls(board, serial).build(), 4000);
        kit.program(FlashTarget.ofArea("primary"), primary, ImageFormat.BIN);
        return kit;
    }

    static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void otaAppUpdatesFrom100To110SwapsAndConfirms() throws Exception {
        SignedImage app100 = lab.sign("1.0.0", null, 16_000, Use.PRIMARY);
        SignedImage update = lab.sign("1.1.0", "{\"app\":\"ota\",\"blinkMs\":100}", 60_000, Use.OTA);
        assertThat(update.keyId()).isEqualTo("otalab-test-ec-p256");
        StoredImage stored = store(OTA_BOARD, update);
        assertThat(stored.version()).isEqualTo("1.1.0");
        assertThat(stored.size()).isEqualTo(update.bytes().length);
        offer(OTA_BOARD, stored);
        VirtualKit kit = otaKit("e2e-ota", OTA_BOARD, "SN-E2E-OTA", app100.bytes());

        kit.powerOn();
        assertThat(runs(kit, "1.0.0")).isTrue();
        await("the 1.1.0 app", LONG, () -> runs(kit, "1.1.0"), () -> diag(kit));

        assertThat(kit.uartTexts(0)).containsSubsequence(
                "TEST Application: OTA Update version: 1.0.0",
                "[OTA] Update to 1.1.0 accepted (use same server; Check Job Doc for correct MQTT Port: "
                        + lab.backend.broker().mutualTlsPort() + ")",
                "[OTA] Erasing the secondary slot",
                "[OTA] Download complete: " + update.bytes().length + " bytes",
                "[OTA] Update 1.1.0 marked pending for MCUboot (test); rebooting in 100 ms",
                "[INF] Swap type: test",
                "[INF] User Application validated successfully",
                "TEST Application: OTA Update version: 1.1.0");
        assertThat(kit.uartTexts(0)).noneMatch(l -> l.contains("[ERR]") || l.contains("not valid"));
        List<SlotInfo> slots = kit.slots();
        assertThat(slots.get(0).version()).isEqualTo("1.1.0");
        assertThat(slots.get(0).confirmed()).as("image_ok set in the primary trailer").isTrue();
        assertThat(slots.get(1).version()).as("1.0.0 kept for a revert").isEqualTo("1.0.0");
        assertThat(kit.observeLed(1500).get(5, TimeUnit.SECONDS).periodMs()).isEqualTo(100L);
        OtaCounters c = kit.otaStatus().counters();
        assertThat(c.bytesWritten()).isEqualTo(update.bytes().length);
        assertThat(c.attemptsFailed()).isZero();

        // job-service recorded the offer and then, from the new app, the new version it turned down
        await("a check from 1.1.0", LONG, () -> "1.1.0".equals(
                lab.device(OTA_BOARD, "SN-E2E-OTA").path("device").path("lastVersion").asText()), () -> diag(kit));
        JsonNode device = lab.device(OTA_BOARD, "SN-E2E-OTA");
        assertThat(list(device.path("reports")).stream().map(r -> r.path("decision").asText()))
                .contains("UPDATE_AVAILABLE", "NOT_NEWER");
        assertThat(list(device.path("sessions"))).hasSize(1)
                .allSatisfy(s -> assertThat(s.path("imageDigest").asText()).isEqualTo(stored.digest()));
    }

    @Test
    void factoryAppFetchesBlinky110AndTheKitRebootsIntoIt() throws Exception {
        SignedImage factory = lab.sign("1.0.0", "{\"app\":\"factory\"}", 8192, Use.FACTORY);
        SignedImage blinky = lab.sign("1.1.0", "{\"app\":\"blinky\",\"blinkMs\":250}", 30_000, Use.OTA);
        offer(FACTORY_BOARD, store(FACTORY_BOARD, blinky));
        // anonymous TLS ("8883"): the factory build has no client certificate
        OtaConfig ota = lab.anonymousTls(FACTORY_BOARD, "SN-E2E-FACTORY").build();
        VirtualKit kit = lab.kit("e2e-factory", ROLLBACK_MAP, BootloaderKind.ROLLBACK, ota, 4000);
        kit.program(FlashTarget.ofArea("factory"), factory.bytes(), ImageFormat.BIN);

        kit.powerOn();
        assertThat(kit.state()).isEqualTo(KitState.WAITING_FOR_BUTTON);
        kit.press(20).get(5, TimeUnit.SECONDS); // the rollback bootloader starts the factory app
        assertThat(runs(kit, "1.0.0")).isTrue();
        kit.press(20).get(5, TimeUnit.SECONDS); // the factory app starts its OTA task
        await("blinky 1.1.0", LONG, () -> runs(kit, "1.1.0"), () -> diag(kit));

        assertThat(kit.uartTexts(0)).containsSubsequence(
                "Starting OTA task...",
                "[OTA] Update to 1.1.0 accepted (use same server; Check Job Doc for correct MQTT Port: "
                        + lab.backend.broker().tlsPort() + ")",
                "[OTA] Download complete: " + blinky.bytes().length + " bytes",
                "[Blinky App] Version:1.1.0 IMAGE_TYPE:BOOT CPU:CM4_0",
                "[Blinky App] User LED toggles at 250 msec interval");
        assertThat(kit.observeLed(1500).get(5, TimeUnit.SECONDS).periodMs()).isEqualTo(250L);
        assertThat(kit.slots().get(0).version()).isEqualTo("1.1.0");
        JsonNode device = lab.device(FACTORY_BOARD, "SN-E2E-FACTORY");
        assertThat(device.path("device").path("lastDecision").asText()).isEqualTo("UPDATE_AVAILABLE");
    }

    @Test
    void aHangingUpdateIsRevertedByMcubootAfterTheWatchdogReset() throws Exception {
        SignedImage app110 = lab.sign("1.1.0", "{\"blinkMs\":100}", 16_000, Use.PRIMARY);
        SignedImage bad = lab.sign("1.2.0", "{\"hang\":true}", 40_000, Use.OTA);
        offer(REVERT_BOARD, store(REVERT_BOARD, bad));
        VirtualKit kit = lab.kit("e2e-revert", SWAP_MAP, BootloaderKind.MCUBOOT,
                lab.mutualTls(REVERT_BOARD, "SN-E2E-REVERT").build(), 1500);
        kit.program(FlashTarget.ofArea("primary"), app110.bytes(), ImageFormat.BIN);

        kit.powerOn();
        await("the watchdog reset", LONG, () -> kit.watchdogResets() >= 1, () -> diag(kit));
        await("1.1.0 back", LONG, () -> runs(kit, "1.1.0"), () -> diag(kit));
        lab.backend.jobs().deleteJob(REVERT_BOARD); // no veto yet: the job would be offered again

        assertThat(kit.uartTexts(0)).containsSubsequence(
                "TEST Application: OTA Update version: 1.1.0",
                "[OTA] Download complete: " + bad.bytes().length + " bytes",
                "[INF] Swap type: test",
                "TEST Application: OTA Update version: 1.2.0",
                "Testing revert feature, entering infinite loop !!!",
                "[INF] MCUBoot Bootloader Started",
                "[INF] Swap type: revert",
                "TEST Application: OTA Update version: 1.1.0");
        assertThat(kit.slots().get(0).version()).isEqualTo("1.1.0");
        assertThat(kit.slots().get(1).version()).isEqualTo("1.2.0");
        assertThat(kit.observeLed(1500).get(5, TimeUnit.SECONDS).periodMs()).isEqualTo(100L);
        // the reverted device reports 1.1.0 again
        await("a check from the reverted 1.1.0", LONG, () -> list(lab.device(REVERT_BOARD, "SN-E2E-REVERT")
                .path("reports")).stream().filter(r -> "1.1.0".equals(r.path("version").asText())).count() >= 2,
                () -> lab.device(REVERT_BOARD, "SN-E2E-REVERT").toString());
    }

    @Test
    void theRunningVersionOfferedAgainIsNotDownloaded() throws Exception {
        SignedImage app100 = lab.sign("1.0.0", null, 16_000, Use.PRIMARY);
        offer(SAME_BOARD, store(SAME_BOARD, lab.sign("1.0.0", null, 20_000, Use.OTA)));
        VirtualKit kit = otaKit("e2e-same", SAME_BOARD, "SN-E2E-SAME", app100.bytes());

        kit.powerOn();
        await("two checks", LONG, () -> kit.otaStatus().counters().checks() >= 2
                && lab.device(SAME_BOARD, "SN-E2E-SAME").path("reports").size() >= 2, () -> diag(kit));

        JsonNode device = lab.device(SAME_BOARD, "SN-E2E-SAME");
        assertThat(list(device.path("reports"))).allSatisfy(r -> {
            assertThat(r.path("decision").asText()).isEqualTo("NOT_NEWER");
            assertThat(r.path("version").asText()).isEqualTo("1.0.0");
        });
        assertThat(device.path("sessions").size()).isZero();
        assertThat(kit.otaStatus().counters().downloads()).isZero();
        assertThat(kit.uartTexts(0)).noneMatch(l -> l.contains("Erasing") || l.contains("Request Update"));
        assertThat(kit.slots().get(1).version()).as("secondary untouched").isNull();
        assertThat(kit.bootCount()).isEqualTo(1);
    }

    @Test
    void aKitOfAnotherBoardGetsNoUpdateAndAJobCannotPointAtAnotherBoardsImage() throws Exception {
        SignedImage app100 = lab.sign("1.0.0", null, 16_000, Use.PRIMARY);
        StoredImage forOta = store(OTHER_BOARD + "X", lab.sign("1.1.0", null, 20_000, Use.OTA));
        offer(OTHER_BOARD + "X", forOta);
        VirtualKit kit = otaKit("e2e-other", OTHER_BOARD, "SN-E2E-OTHER", app100.bytes());

        kit.powerOn();
        await("two checks", LONG, () -> lab.device(OTHER_BOARD, "SN-E2E-OTHER").path("reports").size() >= 2,
                () -> diag(kit));

        JsonNode device = lab.device(OTHER_BOARD, "SN-E2E-OTHER");
        assertThat(list(device.path("reports"))).allSatisfy(r -> assertThat(r.path("decision").asText()).isEqualTo("NO_JOB"));
        assertThat(kit.otaStatus().counters().downloads()).isZero();
        assertThat(kit.slots().get(1).version()).as("secondary untouched").isNull();
        assertThat(kit.bootCount()).isEqualTo(1);
        assertThatThrownBy(() -> lab.backend.jobs().putJob(OTHER_BOARD, forOta.digest()))
                .isInstanceOfSatisfying(ServiceCallException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.type()).isEqualTo("image-board-mismatch");
                });
    }

    @Test
    void anImageSignedWithAnUntrustedKeyIsRefusedAtUploadAndByMcuboot() throws Exception {
        SignedImage app100 = lab.sign("1.0.0", null, 16_000, Use.PRIMARY);
        SignedImage rogue = lab.sign(ROGUE_KEY, "1.1.0", null, E2eLab.payload(20_000), Use.OTA);
        assertThat(rogue.keyId()).isEqualTo(ROGUE_KEY);

        assertThatThrownBy(() -> store(OTA_BOARD, rogue))
                .isInstanceOfSatisfying(ServiceCallException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.type()).isEqualTo("untrusted-image");
                    assertThat(e.detail()).contains("does not verify against any trusted key")
                            .contains("otalab-test-ec-p256");
                });
        StoredImage good = store(OTA_BOARD + "Z", lab.sign("1.1.0", null, 20_000, Use.OTA));
        assertThat(good.keyId()).as("the store still takes a trusted image").isEqualTo("otalab-test-ec-p256");

        // the same image written straight into the secondary slot, marked for a test swap
        Map<String, Object> options = signedPendingOptions();
        SignedImage pending = lab.backend.signing().sign(E2eLab.payload(20_000), options);
        VirtualKit kit = otaKit("e2e-rogue", SAME_BOARD, "SN-E2E-ROGUE", app100.bytes());
        kit.program(FlashTarget.ofArea("secondary"), pending.bytes(), ImageFormat.BIN);
        kit.powerOn();

        assertThat(kit.uartTexts(0)).containsSubsequence(
                "[INF] Swap type: test",
                "[ERR] Image in the secondary slot is not valid!",
                "[INF] User Application validated successfully",
                "TEST Application: OTA Update version: 1.0.0");
        assertThat(kit.slots().get(0).version()).isEqualTo("1.0.0");
        assertThat(kit.slots().get(1).empty()).as("MCUboot erased the untrusted image").isTrue();
    }

    /** The rogue key, padded with a trailer marked for a test swap (imgtool --pad), as a tampered build would. */
    static Map<String, Object> signedPendingOptions() {
        Map<String, Object> options = dev.otalab.stack.client.SigningClient.options(ROGUE_KEY, "1.1.0", E2eLab.SLOT);
        options.put("headerSize", 0x400);
        options.put("align", 8);
        options.put("maxSectors", 3584);
        options.put("erasedValue", 0xFF);
        options.put("pad", true);
        return options;
    }
}
