package dev.otalab.emulator.kit;

import static dev.otalab.emulator.kit.KitFixtures.Img;
import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.emulator.kit.app.AppKind;
import dev.otalab.emulator.kit.app.EmulatedApp;
import dev.otalab.labapi.FlashTarget;
import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.labapi.dto.ExpectRequest;
import dev.otalab.labapi.dto.ExpectResult;
import dev.otalab.labapi.dto.ExpectStatus;
import dev.otalab.labapi.dto.ImageFormat;
import dev.otalab.labapi.dto.SlotInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every boot path of the seeds on a kit with the real MCUboot model ({@code dev.otalab.emulator.boot}),
 * checked on exact UART lines, LED periods and the slots.
 */
class KitScenariosTest {

    static final String RULE = EmulatedApp.RULE;
    static final String FACTORY_JSON = "{\"app\":\"factory\"}";
    static final String BLINKY_JSON = "{\"app\":\"blinky\"}";
    static final String CLEAR = "[INF] \u001b[2J\u001b[;H";

    /** MCUboot's trailer dump on a kit whose trailers are all erased. */
    static final List<String> MCUBOOT_NOTHING_TO_DO = List.of(
            "[INF] Primary image: magic=unset, swap_type=0x1, copy_done=0x3, image_ok=0x3",
            "[INF] Scratch: magic=unset, swap_type=0x1, copy_done=0x3, image_ok=0x3",
            "[INF] Boot source: primary slot",
            "[INF] boot_swap_type_multi: Primary image: magic=unset, swap_type=0x1, copy_done=0x3, image_ok=0x3",
            "[INF] boot_swap_type_multi: Secondary image: magic=unset, swap_type=0x1, copy_done=0x3, image_ok=0x3",
            "[INF] Swap type: none");

    private final ManualClock clock = new ManualClock(5_000_000);
    private final List<VirtualKit> kits = new ArrayList<>();

    @AfterEach
    void closeKits() {
        kits.forEach(VirtualKit::close);
    }

    private VirtualKit kit(String map, BootloaderKind kind) {
        VirtualKit k = VirtualKit.create(KitFixtures.spec("kit-" + kits.size(), map, kind)
                .clock(clock).watchdogMs(80).build());
        kits.add(k);
        return k;
    }

    private static VirtualKit program(VirtualKit kit, String area, byte[] image) {
        kit.program(FlashTarget.ofArea(area), image, ImageFormat.BIN);
        return kit;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static ExpectResult await(VirtualKit kit, String pattern, long sinceSeq) throws Exception {
        return kit.expect(new ExpectRequest(pattern, List.of("\\[ERR\\]"), sinceSeq, 3000L)).get(5, TimeUnit.SECONDS);
    }

    private static SlotInfo slot(VirtualKit kit, int n) {
        return kit.slots().get(n);
    }

    // ------------------------------------------------------------------ rollback bootloader

    @Test
    void emptySlotsTheRollbackBootloaderSaysSoAndWaitsForTheButton() throws Exception {
        VirtualKit kit = kit("psoc62_2m_rollback_swap", BootloaderKind.ROLLBACK);
        kit.powerOn();
        assertThat(kit.uartTexts(0)).containsExactlyElementsOf(concat(concat(List.of(
                CLEAR,
                "[INF] MCUboot Bootloader Started",
                "[INF] External Memory initialized w/ SFDP."),
                MCUBOOT_NOTHING_TO_DO), List.of(
                "[INF] No Upgrade available !",
                "[INF] No valid image found in primary slot !",
                "[INF] Press and release user button to initiate Rollback ",
                "")));
        assertThat(kit.state()).isEqualTo(KitState.WAITING_FOR_BUTTON);
        Thread.sleep(200); // no timeout, no watchdog on this path
        assertThat(kit.state()).isEqualTo(KitState.WAITING_FOR_BUTTON);
        assertThat(kit.bootCount()).isEqualTo(1);
    }

    @Test
    void rollbackByButtonWithEmptySlotsBootsTheFactoryAppBlinkingAtOneSecond() throws Exception {
        VirtualKit kit = program(kit("psoc62_2m_rollback_swap", BootloaderKind.ROLLBACK), "factory",
                Img.of("1.0.0", FACTORY_JSON).factory().bytes());
        kit.powerOn();
        long seq = kit.latestSeq();
        kit.press(20).get(1, TimeUnit.SECONDS);
        assertThat(kit.uartTexts(seq)).containsExactlyElementsOf(concat(concat(List.of(
                "[INF] Detected user button event ",
                "[INF] Initiating the Rollback...",
                "",
                "[INF] Valid image magic found",
                "[INF] Erasing primary slot. Please wait for a while...",
                "",
                "[INF] Transferring 'Factory App' to 'primary slot'",
                "[INF] Please wait for a while...",
                "",
                "[INF] Factory App copied to primary slot successfully"),
                MCUBOOT_NOTHING_TO_DO), List.of(
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
                "****Waiting for user button press event****")));
        clock.advance(4000);
        assertThat(kit.led(3000).periodMs()).isEqualTo(1000);
        assertThat(slot(kit, 0).version()).isEqualTo("1.0.0");
        assertThat(slot(kit, 0).active()).isTrue();
        Thread.sleep(200);
        assertThat(kit.watchdogResets()).as("no watchdog on the rollback path").isZero();
    }

    @Test
    void buttonHeldAtBootRollsBackOverAValidPrimary() throws Exception {
        VirtualKit kit = program(kit("psoc62_2m_rollback_swap", BootloaderKind.ROLLBACK), "factory",
                Img.of("1.0.0", FACTORY_JSON).factory().bytes());
        program(kit, "primary", Img.of("2.0.0", BLINKY_JSON).primary().bytes());
        kit.hold();
        kit.powerOn();
        kit.release();
        List<String> lines = kit.uartTexts(0);
        assertThat(lines).containsSubsequence(
                "[INF] MCUboot Bootloader Started",
                "[INF] Swap type: none",
                "[INF] Application validated successfully !",
                "[INF] Detected user button event",
                "[INF] Rollback initiated at startup ",
                "[INF] Valid image magic found",
                "[INF] Factory App copied to primary slot successfully",
                "[INF] Factory app validated successfully",
                "[INF] Launching Factory App on CM4. Please wait...",
                "****Waiting for user button press event****");
        assertThat(lines).noneMatch(l -> l.startsWith("[Blinky App]"));
        assertThat(kit.runningApp().orElseThrow().kind()).isEqualTo(AppKind.FACTORY);
        assertThat(slot(kit, 0).version()).isEqualTo("1.0.0");
    }

    @Test
    void anUpgradeWaitingInTheSecondaryIsInstalledBeforeTheButtonIsLookedAt() throws Exception {
        VirtualKit kit = program(kit("psoc62_2m_rollback_swap", BootloaderKind.ROLLBACK), "factory",
                Img.of("1.0.0", FACTORY_JSON).factory().bytes());
        program(kit, "primary", Img.of("1.0.0", BLINKY_JSON).primary().bytes());
        program(kit, "secondary", Img.of("2.0.0", BLINKY_JSON).upgrade().bytes());
        assertThat(slot(kit, 1).pending()).isTrue();
        kit.hold();
        kit.powerOn();
        kit.release();
        assertThat(kit.uartTexts(0)).containsSubsequence(
                "[INF] MCUboot Bootloader Started",
                "[INF] Swap type: test",
                "[INF] Starting swap using scratch algorithm.",
                "[INF] Application validated successfully !",
                "[INF] Detected user button event",
                "[INF] Rollback initiated at startup ",
                "[INF] Factory app validated successfully");
        // the swap happened (the old primary went to the secondary), then the factory image replaced the new one
        assertThat(slot(kit, 1).version()).isEqualTo("1.0.0");
        assertThat(slot(kit, 0).version()).isEqualTo("1.0.0");
        assertThat(kit.runningApp().orElseThrow().kind()).isEqualTo(AppKind.FACTORY);
    }

    @Test
    void powerFailureDuringTheRowCopyLeavesNoValidImageAndAPressRecovers() throws Exception {
        VirtualKit kit = program(kit("psoc62_2m_rollback_swap", BootloaderKind.ROLLBACK), "factory",
                Img.of("1.0.0", FACTORY_JSON).factory().bytes());
        kit.powerOn();
        // rollback = 3584 row erases of the primary, then 512-byte row writes; cut before row 3 is written
        kit.powerLossAtFlashOp(3584 + 3);
        long seq = kit.latestSeq();
        kit.press(10).get(1, TimeUnit.SECONDS);
        assertThat(kit.state()).isEqualTo(KitState.OFF);
        assertThat(kit.uartTexts(seq)).containsExactly(
                "[INF] Detected user button event ",
                "[INF] Initiating the Rollback...",
                "",
                "[INF] Valid image magic found",
                "[INF] Erasing primary slot. Please wait for a while...",
                "",
                "[INF] Transferring 'Factory App' to 'primary slot'",
                "[INF] Please wait for a while...",
                "");
        assertThat(kit.faults().tripped()).isTrue();
        assertThat(kit.faults().flashOps()).isEqualTo(3584 + 3);
        assertThat(slot(kit, 0).bootable()).isFalse();

        seq = kit.latestSeq();
        kit.powerOn();
        assertThat(kit.uartTexts(seq)).containsSubsequence(
                "[INF] MCUboot Bootloader Started",
                "[ERR] Image in the primary slot is not valid!",
                "[INF] No Upgrade available !",
                "[INF] No valid image found in primary slot !",
                "[INF] Press and release user button to initiate Rollback ");
        assertThat(kit.state()).isEqualTo(KitState.WAITING_FOR_BUTTON);

        seq = kit.latestSeq();
        kit.press(10);
        assertThat(kit.uartTexts(seq)).contains("[INF] Factory App copied to primary slot successfully",
                "[INF] Factory app validated successfully", "****Waiting for user button press event****");
        assertThat(kit.state()).isEqualTo(KitState.RUNNING);
    }

    @Test
    void blinkyUpgradeOnTheRollbackKitAsksAndStaysAfterY() throws Exception {
        VirtualKit kit = program(kit("psoc62_2m_rollback_swap", BootloaderKind.ROLLBACK), "primary",
                Img.of("1.0.0", BLINKY_JSON).primary().bytes());
        program(kit, "secondary", Img.of("2.0.0", BLINKY_JSON).upgrade().bytes());
        kit.powerOn();
        assertThat(kit.uartTexts(0)).endsWith(
                "[Blinky App] Version:2.0.0 IMAGE_TYPE:UPGRADE CPU:CM4_0",
                EmulatedApp.BLINKY_RULE,
                "[Blinky App] Watchdog timer started by the bootloader is now turned off to mark the successful start of Blinky app.",
                "[Blinky App] Do you want to mark the upgrade image in primary slot permanent (Y/N) ?");
        long seq = kit.latestSeq();
        kit.write("Y");
        assertThat(kit.uartTexts(seq)).containsExactly(
                "[Blinky App] Received response: Y",
                "[Blinky App] SWAP Status : Image OK was set at 0x101d7fe8.",
                "[Blinky App] User LED toggles at 250 msec interval",
                "");
        clock.advance(3000);
        assertThat(kit.led(3000).periodMs()).isEqualTo(250);

        seq = kit.latestSeq();
        kit.reset();
        assertThat(kit.uartTexts(seq)).contains("[INF] Swap type: none")
                .doesNotContain("[INF] Swap type: revert")
                .endsWith("[Blinky App] Image OK is already set in trailer",
                        "[Blinky App] User LED toggles at 250 msec interval",
                        "");
        assertThat(slot(kit, 0).version()).isEqualTo("2.0.0");
    }

    // ------------------------------------------------------------------ plain MCUboot

    @Test
    void overwriteUpgradeInstallsTheNewImage() throws Exception {
        VirtualKit kit = program(kit("psoc62_2m_ext_overwrite_single", BootloaderKind.MCUBOOT), "primary",
                Img.of("1.0.0", null).overwrite().primary().bytes());
        program(kit, "secondary", Img.of("2.0.0", "{\"blinkMs\":100}").overwrite().upgrade().bytes());
        kit.powerOn();
        assertThat(kit.uartTexts(0)).containsExactly(
                "[INF] MCUBoot Bootloader Started",
                "[INF] External Memory initialized w/ SFDP.",
                "[INF] boot_swap_type_multi: Primary image: magic=unset, swap_type=0x1, copy_done=0x3, image_ok=0x3",
                "[INF] boot_swap_type_multi: Secondary image: magic=good, swap_type=0x1, copy_done=0x3, image_ok=0x3",
                "[INF] Swap type: test",
                "[INF] Image upgrade secondary slot -> primary slot",
                "[INF] Erasing the primary slot",
                "[INF] Copying the secondary slot to the primary slot: 0x1c0000 bytes",
                "[INF] User Application validated successfully",
                "[INF] Starting User Application (wait)...",
                "[INF] Start slot Address: 0x10018400",
                "[INF] Launching app on CM4 core",
                "[INF] MCUBoot Bootloader finished.",
                "Deinitializing hardware...",
                RULE,
                "TEST Application: OTA Update version: 2.0.0",
                RULE,
                "",
                "",
                "Watchdog timer started by the bootloader is now turned off!!!",
                "");
        clock.advance(2000);
        assertThat(kit.led(1000).periodMs()).isEqualTo(100);
        assertThat(slot(kit, 0).version()).isEqualTo("2.0.0");
        assertThat(slot(kit, 1).pending()).isFalse();
    }

    @Test
    void swapUpgradeConfirmedByTheNewAppStays() throws Exception {
        VirtualKit kit = program(kit("psoc62_2m_ext_swap_single", BootloaderKind.MCUBOOT), "primary",
                Img.of("1.0.0", null).primary().bytes());
        kit.powerOn();
        clock.advance(3000);
        assertThat(kit.led(2000).periodMs()).isEqualTo(1000);

        program(kit, "secondary", Img.of("1.1.0", "{\"blinkMs\":100}").upgrade().bytes());
        long seq = kit.latestSeq();
        kit.reset();
        assertThat(kit.uartTexts(seq)).containsSubsequence(
                "[INF] MCUBoot Bootloader Started",
                "[INF] Swap type: test",
                "[INF] Starting swap using scratch algorithm.",
                "[INF] User Application validated successfully",
                "[INF] Start slot Address: 0x10028400",
                "TEST Application: OTA Update version: 1.1.0",
                "Watchdog timer started by the bootloader is now turned off!!!");
        clock.advance(3000);
        assertThat(kit.led(2000).periodMs()).isEqualTo(100);
        assertThat(slot(kit, 0).version()).isEqualTo("1.1.0");
        assertThat(slot(kit, 0).confirmed()).isTrue();
        assertThat(slot(kit, 1).version()).isEqualTo("1.0.0");

        seq = kit.latestSeq();
        kit.powerCycle(10).get(2, TimeUnit.SECONDS);
        assertThat(kit.uartTexts(seq)).doesNotContain("[INF] Swap type: revert")
                .contains("TEST Application: OTA Update version: 1.1.0");
        clock.advance(3000);
        assertThat(kit.led(2000).periodMs()).isEqualTo(100);
    }

    @Test
    void unconfirmedImageIsRevertedAfterAWatchdogReset() throws Exception {
        VirtualKit kit = program(kit("psoc62_2m_ext_swap_single", BootloaderKind.MCUBOOT), "primary",
                Img.of("1.1.0", "{\"blinkMs\":100}").primary().bytes());
        program(kit, "secondary", Img.of("1.2.0", "{\"hang\":true}").upgrade().bytes());
        kit.powerOn();
        assertThat(kit.uartTexts(0)).containsSubsequence(
                "[INF] Swap type: test",
                "TEST Application: OTA Update version: 1.2.0",
                "Testing revert feature, entering infinite loop !!!")
                .doesNotContain("Watchdog timer started by the bootloader is now turned off!!!");
        long seq = kit.latestSeq();
        ExpectResult r = await(kit, "Watchdog timer started by the bootloader is now turned off", seq);
        assertThat(r.status()).isEqualTo(ExpectStatus.MATCHED);
        assertThat(kit.uartTexts(seq)).containsSubsequence(
                "[INF] MCUBoot Bootloader Started",
                "[INF] boot_swap_type_multi: Primary image: magic=good, swap_type=0x2, copy_done=0x1, image_ok=0x3",
                "[INF] Swap type: revert",
                "[INF] Starting swap using scratch algorithm.",
                "[INF] User Application validated successfully",
                "TEST Application: OTA Update version: 1.1.0");
        assertThat(kit.watchdogResets()).isEqualTo(1);
        assertThat(slot(kit, 0).version()).isEqualTo("1.1.0");
        assertThat(slot(kit, 1).version()).isEqualTo("1.2.0");
        assertThat(slot(kit, 1).pending()).as("the reverted image is not retried").isFalse();
        clock.advance(3000);
        assertThat(kit.led(2000).periodMs()).isEqualTo(100);
    }

    @Test
    void imageWithABadSignatureIsRefused() throws Exception {
        VirtualKit kit = program(kit("psoc62_2m_ext_swap_single", BootloaderKind.MCUBOOT), "primary",
                Img.of("1.0.0", null).primary().bytes());
        program(kit, "secondary", Img.of("1.1.0", null).signedBy(KitFixtures.otherKey()).upgrade().bytes());
        assertThat(slot(kit, 1).bootable()).isFalse();
        kit.powerOn();
        assertThat(kit.uartTexts(0)).containsSubsequence(
                "[INF] Swap type: test",
                "[ERR] Image in the secondary slot is not valid!",
                "[INF] User Application validated successfully",
                "TEST Application: OTA Update version: 1.0.0");
        assertThat(slot(kit, 0).version()).isEqualTo("1.0.0");
        assertThat(slot(kit, 1).empty()).as("MCUboot erased the bad image").isTrue();
    }

    @Test
    void plainMcubootWithEmptySlotsFindsNothingBootable() {
        VirtualKit kit = kit("psoc62_2m_ext_swap_single", BootloaderKind.MCUBOOT);
        kit.powerOn();
        assertThat(kit.uartTexts(0)).containsExactlyElementsOf(concat(concat(List.of(
                "[INF] MCUBoot Bootloader Started",
                "[INF] External Memory initialized w/ SFDP."),
                MCUBOOT_NOTHING_TO_DO), List.of(
                "[ERR] MCUBoot Bootloader found none of bootable images")));
        assertThat(kit.state()).isEqualTo(KitState.HALTED);
    }
}
