package dev.otalab.emulator.kit.app;

/**
 * The OTA code example's application (mtb-example-ota-mqtt {@code main.c}): banner with the
 * version, {@code TEST_REVERT} hang when asked, watchdog off, image confirmed at OTA task start,
 * LED task, then the OTA task runs the OTA Agent ({@link AppHost#startOtaAgent()}; the kit's
 * {@code dev.otalab.emulator.ota.OtaAgent}).
 */
final class OtaApp extends EmulatedApp {

    OtaApp(AppSpec spec) {
        super(spec);
    }

    @Override
    public void start(AppHost host) {
        host.print(crlf("\r" + RULE + "\n"
                + "TEST Application: OTA Update version: " + spec.versionText() + "\n"
                + RULE + "\n\n"
                + extraBanner()));
        if (spec.hang()) {
            host.print(crlf(RULE + "\n"
                    + "Testing revert feature, entering infinite loop !!!\n\n"
                    + RULE + "\n\n"));
            return; // while(true); the watchdog keeps running
        }
        host.stopWatchdog();
        host.print(crlf("\nWatchdog timer started by the bootloader is now turned off!!!\n\n"));
        if (spec.confirm() && !host.primaryConfirmed()) {
            host.confirmPrimary();
        }
        host.blink(spec.blinkMs());
        host.startOtaAgent();
    }
}
