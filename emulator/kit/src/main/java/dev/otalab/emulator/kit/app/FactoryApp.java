package dev.otalab.emulator.kit.app;

/**
 * The rollback example's factory app ({@code factory_app_cm4}, RB5): watchdog off first thing,
 * banner, LED task, then waits for the user button to start the OTA task (the kit's OTA Agent,
 * configured as the CE's). It never confirms itself (it is the trusted image).
 */
final class FactoryApp extends EmulatedApp {

    private boolean otaStarted;

    FactoryApp(AppSpec spec) {
        super(spec);
    }

    @Override
    public void start(AppHost host) {
        if (!spec.hang()) {
            host.stopWatchdog();
        }
        host.print(crlf(RULE + "\n"
                + "[Factory App] Version:" + spec.versionText() + " IMAGE_TYPE:" + spec.imageType()
                + " CPU:" + spec.cpu() + "\r"
                + RULE + "\n\n"
                + extraBanner()));
        host.print(crlf("\nWatchdog timer started by the bootloader is now turned off!!!\n\n"));
        if (spec.hang()) {
            return;
        }
        host.print(crlf("Starting LED task...\n"));
        host.blink(spec.blinkMs());
        host.print(crlf("\n****Waiting for user button press event****\n"));
    }

    @Override
    public void onButtonPress(AppHost host) {
        if (otaStarted || spec.hang()) {
            return;
        }
        otaStarted = true;
        host.print(crlf("Detected user button event...\n"));
        host.print(crlf("Starting OTA task...\n"));
        host.otaRequested();
        host.startOtaAgent();
        host.print(crlf("state_mgr task entering IDLE state...\n\n"));
    }
}
