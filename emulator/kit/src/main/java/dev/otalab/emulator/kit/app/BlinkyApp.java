package dev.otalab.emulator.kit.app;

/**
 * The rollback example's blinky ({@code blinky_cm4}, RB5). The UPGRADE build in swap mode asks
 * on the console whether to make itself permanent; {@code Y}/{@code y} confirms it. Its
 * retarget-io has no LF→CRLF conversion, so the line ends are exactly those of its
 * {@code printf}s.
 */
final class BlinkyApp extends EmulatedApp {

    private boolean waitingForAnswer;

    BlinkyApp(AppSpec spec) {
        super(spec);
    }

    @Override
    public void start(AppHost host) {
        if (!spec.hang()) {
            host.stopWatchdog();
        }
        host.print("\n" + BLINKY_RULE + "\n"
                + "[Blinky App] Version:" + spec.versionText() + " IMAGE_TYPE:" + spec.imageType()
                + " CPU:" + spec.cpu() + "\r"
                + "\n" + BLINKY_RULE + "\n"
                + extraBanner());
        if (spec.hang()) {
            return;
        }
        host.print("[Blinky App] Watchdog timer started by the bootloader is now turned off to mark the successful"
                + " start of Blinky app.\r\n");
        if (host.swapMode() && "UPGRADE".equalsIgnoreCase(spec.imageType())) {
            if (!host.primaryConfirmed()) {
                host.print("[Blinky App] Do you want to mark the upgrade image in primary slot permanent (Y/N) ?\r\n");
                waitingForAnswer = true;
                return; // cyhal_uart_getc(..., forever)
            }
            host.print("[Blinky App] Image OK is already set in trailer\r\n");
        }
        startLed(host);
    }

    @Override
    public void onConsoleInput(AppHost host, String text) {
        if (!waitingForAnswer || text.isEmpty()) {
            return;
        }
        waitingForAnswer = false;
        char c = text.charAt(0);
        host.print("[Blinky App] Received response: " + c + "\r\n");
        if (c == 'Y' || c == 'y') {
            host.confirmPrimary();
            host.print(String.format("[Blinky App] SWAP Status : Image OK was set at 0x%08x.\r\n", host.imageOkAddress()));
        } else {
            host.print("[Blinky App] The upgrade image was not marked permanent. Revert swap will happen in the next boot.\r\n");
        }
        startLed(host);
    }

    private void startLed(AppHost host) {
        host.print("[Blinky App] User LED toggles at " + spec.blinkMs() + " msec interval\r\n\n");
        host.blink(spec.blinkMs());
    }
}
