package dev.otalab.emulator.kit;

import static dev.otalab.emulator.kit.KitFixtures.Img;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.otalab.emulator.kit.app.AppKind;
import dev.otalab.emulator.kit.app.EmulatedApp;
import dev.otalab.labapi.Capabilities;
import dev.otalab.labapi.FlashTarget;
import dev.otalab.labapi.ProblemException;
import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.labapi.dto.ExpectRequest;
import dev.otalab.labapi.dto.ExpectStatus;
import dev.otalab.labapi.dto.FaultRequest;
import dev.otalab.labapi.dto.FaultState;
import dev.otalab.labapi.dto.FlashDump;
import dev.otalab.labapi.dto.ImageFormat;
import dev.otalab.labapi.dto.LedState;
import dev.otalab.labapi.dto.PowerState;
import dev.otalab.labapi.dto.ProgramResult;
import dev.otalab.labapi.dto.UartLine;
import dev.otalab.mcuboot.hex.IntelHex;
import dev.otalab.mcuboot.hex.MemoryImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kit's own behaviour, with a stand-in MCUboot ({@link FakeBootEngine}). */
class VirtualKitTest {

    static final String RULE = EmulatedApp.RULE;
    static final String FACTORY_JSON = "{\"app\":\"factory\"}";

    private final ManualClock clock = new ManualClock(1_000_000);
    private final List<VirtualKit> kits = new ArrayList<>();

    @AfterEach
    void closeKits() {
        kits.forEach(VirtualKit::close);
    }

    private VirtualKit kit(String map, BootloaderKind kind) {
        return kit(KitFixtures.spec("kit-" + kits.size(), map, kind).clock(clock).watchdogMs(60).build());
    }

    private VirtualKit kit(KitSpec spec) {
        VirtualKit k = VirtualKit.create(spec, FakeBootEngine::new);
        kits.add(k);
        return k;
    }

    private static void programFactory(VirtualKit kit) {
        kit.program(FlashTarget.ofArea("factory"), Img.of("1.0.0", FACTORY_JSON).factory().bytes(), ImageFormat.BIN);
    }

    @Test
    void rollbackKitWithEmptySlotsSaysSoAndWaitsForTheButton() {
        VirtualKit kit = kit("psoc62_2m_rollback_overwrite", BootloaderKind.ROLLBACK);
        assertThat(kit.info().power()).isEqualTo(PowerState.OFF);
        kit.powerOn();
        assertThat(kit.uartTexts(0)).containsExactly(
                "[INF] \u001b[2J\u001b[;H",
                "[INF] MCUboot Bootloader Started",
                "[INF] External Memory initialized w/ SFDP.",
                "[ERR] Image in the primary slot is not valid!",
                "[INF] No Upgrade available !",
                "[INF] No valid image found in primary slot !",
                "[INF] Press and release user button to initiate Rollback ",
                "");
        assertThat(kit.state()).isEqualTo(KitState.WAITING_FOR_BUTTON);
        assertThat(kit.info().power()).isEqualTo(PowerState.ON);
        assertThat(kit.info().capabilities()).containsExactlyElementsOf(Capabilities.ALL);

        // no factory image either: the bootloader asserts
        long seq = kit.latestSeq();
        kit.press(20);
        assertThat(kit.uartTexts(seq)).containsExactly(
                "[INF] Detected user button event ",
                "[INF] Initiating the Rollback...",
                "",
                "[ERR] Invalid image magic 0xffffffff !",
                "");
        assertThat(kit.state()).isEqualTo(KitState.HALTED);
    }

    @Test
    void buttonRollbackWithEmptySlotsBootsTheFactoryApp() throws Exception {
        VirtualKit kit = kit("psoc62_2m_rollback_overwrite", BootloaderKind.ROLLBACK);
        programFactory(kit);
        kit.powerOn();
        long seq = kit.latestSeq();
        kit.press(20).get(1, TimeUnit.SECONDS);
        assertThat(kit.uartTexts(seq)).containsExactly(
                "[INF] Detected user button event ",
                "[INF] Initiating the Rollback...",
                "",
                "[INF] Valid image magic found",
                "[INF] Erasing primary slot. Please wait for a while...",
                "",
                "[INF] Transferring 'Factory App' to 'primary slot'",
                "[INF] Please wait for a while...",
                "",
                "[INF] Factory App copied to primary slot successfully",
                "[INF] Factory app validated successfully",
                "[INF] Starting User Application (wait)...",
                "[INF] Start slot Address: 0x10018400",
                "[INF] Launching Factory App on CM4. Please wait...",
                "[INF] MCUBoot Bootloader finished.",
                "Deinitializing hardware...",
                RULE,
                "[Factory App] Version:1.0.0 IMAGE_TYPE:UPGRADE CPU:CM4_0\r" + RULE,
                "",
                "",
                "Watchdog timer started by the bootloader is now turned off!!!",
                "",
                "Starting LED task...",
                "",
                "****Waiting for user button press event****");
        assertThat(kit.state()).isEqualTo(KitState.RUNNING);
        assertThat(kit.runningApp().orElseThrow().kind()).isEqualTo(AppKind.FACTORY);
        assertThat(kit.buttonPressed()).isFalse();

        clock.advance(5000);
        LedState led = kit.led(3000);
        assertThat(led.periodMs()).isEqualTo(1000);
        assertThat(led.edges()).isEqualTo(3);

        // the primary now holds the factory image (rows copied, fill included)
        byte[] factory = kit.dump(FlashTarget.ofArea("factory"), 0, 0x2000).data();
        assertThat(kit.dump(FlashTarget.ofArea("primary"), 0, 0x2000).data()).isEqualTo(factory);

        // the factory app waits for a press to start OTA
        seq = kit.latestSeq();
        kit.press(10);
        assertThat(kit.uartTexts(seq)).containsExactly(
                "Detected user button event...", "Starting OTA task...", "state_mgr task entering IDLE state...", "");
        assertThat(kit.otaRequests()).isEqualTo(1);
    }

    @Test
    void buttonHeldAtBootRollsBackAValidPrimaryWithoutWatchdog() throws Exception {
        VirtualKit kit = kit("psoc62_2m_rollback_overwrite", BootloaderKind.ROLLBACK);
        programFactory(kit);
        kit.program(FlashTarget.ofArea("primary"), Img.of("2.0.0", "{\"app\":\"blinky\"}").primary().bytes(),
                ImageFormat.BIN);
        kit.hold();
        kit.powerOn();
        kit.release();
        assertThat(kit.uartTexts(0)).containsSubsequence(
                "[INF] MCUboot Bootloader Started",
                "[INF] Application validated successfully !",
                "[INF] Detected user button event",
                "[INF] Rollback initiated at startup ",
                "[INF] Valid image magic found",
                "[INF] Factory app validated successfully",
                "[INF] Launching Factory App on CM4. Please wait...");
        assertThat(kit.runningApp().orElseThrow().kind()).isEqualTo(AppKind.FACTORY);
        Thread.sleep(150); // well past the 60 ms watchdog: it was never armed
        assertThat(kit.watchdogResets()).isZero();
        assertThat(kit.bootCount()).isEqualTo(1);
    }

    @Test
    void validPrimaryWithoutButtonBootsTheUserAppUnderWatchdog() throws Exception {
        VirtualKit kit = kit("psoc62_2m_rollback_overwrite", BootloaderKind.ROLLBACK);
        kit.program(FlashTarget.ofArea("primary"), Img.of("1.0.0", "{\"app\":\"blinky\"}").primary().bytes(),
                ImageFormat.BIN);
        kit.powerOn();
        assertThat(kit.uartTexts(0)).containsExactly(
                "[INF] \u001b[2J\u001b[;H",
                "[INF] MCUboot Bootloader Started",
                "[INF] External Memory initialized w/ SFDP.",
                "[INF] Application validated successfully !",
                "[INF] Starting User Application (wait)...",
                "[INF] Start slot Address: 0x10018400",
                "[INF] Launching User App on CM4. Please wait...",
                "[INF] MCUBoot Bootloader finished.",
                "Deinitializing hardware...",
                "",
                EmulatedApp.BLINKY_RULE,
                "[Blinky App] Version:1.0.0 IMAGE_TYPE:BOOT CPU:CM4_0",
                EmulatedApp.BLINKY_RULE,
                "[Blinky App] Watchdog timer started by the bootloader is now turned off to mark the successful start of Blinky app.",
                "[Blinky App] User LED toggles at 1000 msec interval",
                "");
        Thread.sleep(150);
        assertThat(kit.watchdogResets()).as("blinky stops the watchdog").isZero();
    }

    @Test
    void hangingAppIsResetByTheWatchdog() throws Exception {
        VirtualKit kit = kit("psoc62_2m_ext_overwrite_single", BootloaderKind.MCUBOOT);
        kit.program(FlashTarget.ofArea("primary"), Img.of("1.2.0", "{\"hang\":true}").primary().bytes(), ImageFormat.BIN);
        kit.powerOn();
        assertThat(kit.uartTexts(0)).containsExactly(
                "[INF] MCUBoot Bootloader Started",
                "[INF] External Memory initialized w/ SFDP.",
                "[INF] User Application validated successfully",
                "[INF] Starting User Application (wait)...",
                "[INF] Start slot Address: 0x10018400",
                "[INF] Launching app on CM4 core",
                "[INF] MCUBoot Bootloader finished.",
                "Deinitializing hardware...",
                RULE,
                "TEST Application: OTA Update version: 1.2.0",
                RULE,
                "",
                RULE,
                "Testing revert feature, entering infinite loop !!!",
                "",
                RULE,
                "");
        assertThat(kit.ledOn()).isFalse();
        var again = kit.expect(new ExpectRequest("MCUBoot Bootloader Started", List.of(), kit.latestSeq(), 2000L));
        assertThat(again.get(3, TimeUnit.SECONDS).status()).isEqualTo(ExpectStatus.MATCHED);
        assertThat(kit.watchdogResets()).isGreaterThanOrEqualTo(1);
        assertThat(kit.bootCount()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void wellBehavedDefaultAppConfirmsAndBlinksAtOneSecond() {
        VirtualKit kit = kit("psoc62_2m_ext_overwrite_single", BootloaderKind.MCUBOOT);
        kit.program(FlashTarget.ofArea("primary"), Img.of("1.0.3", null).primary().bytes(), ImageFormat.BIN);
        kit.powerOn();
        assertThat(kit.uartTexts(0)).endsWith(
                RULE,
                "TEST Application: OTA Update version: 1.0.3",
                RULE,
                "",
                "",
                "Watchdog timer started by the bootloader is now turned off!!!",
                "");
        assertThat(kit.dump(FlashTarget.ofArea("primary"), 0x1C0000 - 24, 1).data()[0]).as("image_ok").isEqualTo((byte) 1);
        clock.advance(10_000);
        assertThat(kit.led(3000).periodMs()).isEqualTo(1000);
        // a reboot finds it confirmed and does not confirm again
        kit.reset();
        assertThat(kit.state()).isEqualTo(KitState.RUNNING);
    }

    @Test
    void bannerBlankLinesAreEmptyUartLinesWithConsecutiveSeqs() throws Exception {
        VirtualKit kit = kit("psoc62_2m_ext_overwrite_single", BootloaderKind.MCUBOOT);
        kit.program(FlashTarget.ofArea("primary"), Img.of("1.0.0", null).primary().bytes(), ImageFormat.BIN);
        List<UartLine> streamed = new ArrayList<>();
        try (AutoCloseable sub = kit.subscribe(0, streamed::add)) {
            kit.powerOn();
        }
        List<UartLine> lines = kit.uart(0, 1000).lines();
        long s = kit.uartTexts(0).indexOf("Deinitializing hardware...") + 2L; // seq of the banner's first line
        // psoc6-kits.md 7: rule, version, rule, blank line, then "\nWatchdog ...!!!\n\n" (LF sent as CRLF)
        assertThat(lines.subList((int) s - 1, lines.size())).extracting(UartLine::seq, UartLine::text).containsExactly(
                tuple(s, RULE),
                tuple(s + 1, "TEST Application: OTA Update version: 1.0.0"),
                tuple(s + 2, RULE),
                tuple(s + 3, ""),
                tuple(s + 4, ""),
                tuple(s + 5, "Watchdog timer started by the bootloader is now turned off!!!"),
                tuple(s + 6, ""));
        assertThat(kit.latestSeq()).isEqualTo(s + 6);
        assertThat(streamed).as("subscribers get the blank lines too").containsExactlyElementsOf(lines);
    }

    @Test
    void plainMcubootWithNothingBootableHalts() {
        VirtualKit kit = kit("psoc62_2m_ext_swap_single", BootloaderKind.MCUBOOT);
        kit.powerOn();
        assertThat(kit.uartTexts(0)).endsWith("[ERR] MCUBoot Bootloader found none of bootable images");
        assertThat(kit.state()).isEqualTo(KitState.HALTED);
        kit.powerOff();
        assertThat(kit.state()).isEqualTo(KitState.OFF);
    }

    @Test
    void powerLossInsideTheRowCopyLeavesNoValidImageAndAPressRecovers() throws Exception {
        VirtualKit kit = kit("psoc62_2m_rollback_overwrite", BootloaderKind.ROLLBACK);
        programFactory(kit);
        kit.powerOn(); // waits for the button: the boot did no flash operation
        assertThat(kit.state()).isEqualTo(KitState.WAITING_FOR_BUTTON);
        // 3584 row erases of the primary, then row writes: cut at the 5th row write (the image is ~9 rows)
        FaultState armed = kit.powerLossAtFlashOp(3584 + 5);
        assertThat(armed.tripped()).isFalse();
        long seq = kit.latestSeq();
        kit.press(10).get(1, TimeUnit.SECONDS);
        assertThat(kit.state()).isEqualTo(KitState.OFF);
        assertThat(kit.uartTexts(seq)).endsWith("[INF] Transferring 'Factory App' to 'primary slot'",
                "[INF] Please wait for a while...", "");
        FaultState f = kit.faults();
        assertThat(f.tripped()).isTrue();
        assertThat(f.flashOps()).isEqualTo(3584 + 5);
        // rows 0..3 were written, row 4 not
        assertThat(kit.dump(FlashTarget.ofArea("primary"), 0, 4).data())
                .isEqualTo(kit.dump(FlashTarget.ofArea("factory"), 0, 4).data());
        assertThat(kit.dump(FlashTarget.ofArea("primary"), 4 * 512L, 512).data()).containsOnly(0);

        seq = kit.latestSeq();
        kit.powerOn();
        assertThat(kit.uartTexts(seq)).endsWith("[INF] Press and release user button to initiate Rollback ", "");
        kit.press(10);
        assertThat(kit.runningApp().orElseThrow().kind()).isEqualTo(AppKind.FACTORY);
    }

    @Test
    void resetPowerOffAndCloseEndNoLineOfTheirOwn() {
        // the bootloader's "\n\r" leaves a lone \r pending: framing, not a line
        VirtualKit waiting = kit("psoc62_2m_rollback_overwrite", BootloaderKind.ROLLBACK);
        waiting.powerOn();
        long seq = waiting.latestSeq();
        waiting.powerOff();
        assertThat(waiting.latestSeq()).isEqualTo(seq);
        waiting.powerOn();
        assertThat(waiting.uartTexts(seq)).first().isEqualTo("[INF] \u001b[2J\u001b[;H");

        // the OTA app's CRLF output leaves nothing pending
        VirtualKit running = kit("psoc62_2m_ext_overwrite_single", BootloaderKind.MCUBOOT);
        running.program(FlashTarget.ofArea("primary"), Img.of("1.0.0", null).primary().bytes(), ImageFormat.BIN);
        running.powerOn();
        seq = running.latestSeq();
        running.reset();
        assertThat(running.uartTexts(seq)).first().isEqualTo("[INF] MCUBoot Bootloader Started");
        seq = running.latestSeq();
        running.close();
        assertThat(running.latestSeq()).isEqualTo(seq);
    }

    @Test
    void timedPowerLossWithOffTimeBootsAgainByItself() throws Exception {
        VirtualKit kit = kit("psoc62_2m_ext_overwrite_single", BootloaderKind.MCUBOOT);
        kit.program(FlashTarget.ofArea("primary"), Img.of("1.0.0", "{\"blinkMs\":100}").primary().bytes(), ImageFormat.BIN);
        kit.powerOn();
        long seq = kit.latestSeq();
        kit.armFault(new FaultRequest(null, 20L, 30L));
        var rebooted = kit.expect(new ExpectRequest("MCUBoot Bootloader Started", List.of(), seq, 2000L));
        assertThat(rebooted.get(3, TimeUnit.SECONDS).status()).isEqualTo(ExpectStatus.MATCHED);
        assertThat(kit.faults().tripped()).isTrue();
        assertThat(kit.bootCount()).isEqualTo(2);
    }

    @Test
    void programmerWritesBinAndHexUncountedAndDumpsReadBack() {
        VirtualKit kit = kit("psoc62_2m_ext_swap_single", BootloaderKind.MCUBOOT);
        kit.powerLossAtFlashOp(1);
        byte[] data = "hello, secondary".getBytes(StandardCharsets.US_ASCII);
        ProgramResult r = kit.program(FlashTarget.ofArea("secondary"), data, ImageFormat.BIN);
        assertThat(r.address()).isEqualTo(0x18000200L);
        assertThat(r.bytes()).isEqualTo(data.length);
        assertThat(r.area()).isEqualTo("secondary");
        FlashDump d = kit.dump(FlashTarget.ofArea("secondary"), 0, data.length);
        assertThat(d.data()).isEqualTo(data);
        assertThat(d.address()).isEqualTo(0x18000200L);

        // odd address and length on internal flash (W = 8): padded with the erased value
        MemoryImage hex = new MemoryImage().put(0x10018003L, new byte[] {1, 2, 3}).put(0x10019000L, new byte[] {9});
        r = kit.program(null, IntelHex.write(hex).getBytes(StandardCharsets.US_ASCII), ImageFormat.HEX);
        assertThat(r.address()).isEqualTo(0x10018003L);
        assertThat(r.bytes()).isEqualTo(4);
        assertThat(kit.dump(FlashTarget.ofAddress(0x10018000L), 0, 8).data()).containsExactly(0, 0, 0, 1, 2, 3, 0, 0);
        // reprogramming the same place works (sectors are erased first)
        kit.program(FlashTarget.ofAddress(0x10018000L), new byte[] {7}, ImageFormat.BIN);
        assertThat(kit.dump(FlashTarget.ofAddress(0x10018000L), 0, 4).data()).containsExactly(7, 0, 0, 0);

        assertThat(kit.faults().flashOps()).as("programmer operations are not counted").isZero();
        assertThat(kit.faults().tripped()).isFalse();

        assertThatThrownBy(() -> kit.program(FlashTarget.ofArea("factory"), data, ImageFormat.BIN))
                .isInstanceOf(ProblemException.class).hasMessageContaining("no factory area");
        assertThatThrownBy(() -> kit.program(FlashTarget.ofArea("primary"), new byte[0x1C0001], ImageFormat.BIN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("larger");
        assertThatThrownBy(() -> kit.program(FlashTarget.ofAddress(0x30000000L), data, ImageFormat.BIN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kit.program(FlashTarget.ofArea("primary"), IntelHex.write(
                new MemoryImage().put(0x18000000L, data)).getBytes(StandardCharsets.US_ASCII), ImageFormat.HEX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    }

    @Test
    void blinkyUpgradeAsksOnTheConsoleAndConfirmsOnY() {
        VirtualKit kit = VirtualKit.create(KitFixtures.spec("blinky", "psoc62_2m_rollback_swap", BootloaderKind.ROLLBACK)
                .clock(clock).build(), (spec, flash) -> {
                    FakeBootEngine e = new FakeBootEngine(spec, flash);
                    e.swap = true;
                    return e;
                });
        kits.add(kit);
        kit.program(FlashTarget.ofArea("primary"), Img.of("2.0.0", "{\"app\":\"blinky\"}").primary().bytes(),
                ImageFormat.BIN);
        kit.powerOn();
        assertThat(kit.uartTexts(0)).endsWith(
                "[Blinky App] Version:2.0.0 IMAGE_TYPE:UPGRADE CPU:CM4_0",
                EmulatedApp.BLINKY_RULE,
                "[Blinky App] Watchdog timer started by the bootloader is now turned off to mark the successful start of Blinky app.",
                "[Blinky App] Do you want to mark the upgrade image in primary slot permanent (Y/N) ?");
        clock.advance(2000);
        assertThat(kit.led(1000).edges()).as("no LED before the answer").isZero();
        long seq = kit.latestSeq();
        kit.write("y");
        assertThat(kit.uartTexts(seq)).containsExactly(
                "[Blinky App] Received response: y",
                "[Blinky App] SWAP Status : Image OK was set at 0x101d7fe8.",
                "[Blinky App] User LED toggles at 250 msec interval",
                "");
        clock.advance(3000);
        assertThat(kit.led(3000).periodMs()).isEqualTo(250);
        kit.reset();
        assertThat(kit.uartTexts(0)).endsWith("[Blinky App] Image OK is already set in trailer",
                "[Blinky App] User LED toggles at 250 msec interval", "");
        long before = kit.latestSeq();
        kit.write("n"); // nobody reads any more
        assertThat(kit.latestSeq()).isEqualTo(before);
    }

    @Test
    void consoleInputWithoutAReaderIsDroppedAndClosedKitsRefuse() {
        VirtualKit kit = kit("psoc62_2m_ext_overwrite_single", BootloaderKind.MCUBOOT);
        kit.write("Y");
        kit.close();
        assertThatThrownBy(kit::powerOn).isInstanceOf(IllegalStateException.class);
        kit.close();
    }

    @Test
    void powerCycleCompletesAfterTheBoot() throws Exception {
        VirtualKit kit = kit("psoc62_2m_ext_overwrite_single", BootloaderKind.MCUBOOT);
        kit.program(FlashTarget.ofArea("primary"), Img.of("1.0.0", null).primary().bytes(), ImageFormat.BIN);
        kit.powerOn();
        kit.powerCycle(20).get(2, TimeUnit.SECONDS);
        assertThat(kit.bootCount()).isEqualTo(2);
        assertThat(kit.state()).isEqualTo(KitState.RUNNING);
    }
}
