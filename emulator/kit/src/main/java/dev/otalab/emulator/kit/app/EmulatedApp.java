package dev.otalab.emulator.kit.app;

/**
 * An emulated application: reacts to its start, the user button and console input by printing,
 * driving the LED and touching the MCUboot trailer through its {@link AppHost}. One instance per
 * boot; never called concurrently.
 */
public abstract class EmulatedApp {

    /** Rule line of the OTA and factory apps' banners (63 {@code =}). */
    public static final String RULE = "===============================================================";
    /** Rule line of blinky's banner (57 {@code =}). */
    public static final String BLINKY_RULE = "=========================================================";

    protected final AppSpec spec;

    protected EmulatedApp(AppSpec spec) {
        this.spec = spec;
    }

    /** The application for a booted image's behaviour. */
    public static EmulatedApp create(AppSpec spec) {
        return switch (spec.kind()) {
            case OTA -> new OtaApp(spec);
            case BLINKY -> new BlinkyApp(spec);
            case FACTORY -> new FactoryApp(spec);
        };
    }

    public AppSpec spec() {
        return spec;
    }

    /** Runs from reset until the app would sleep or loop. */
    public abstract void start(AppHost host);

    /** The user button was pressed (falling edge). */
    public void onButtonPress(AppHost host) {
    }

    /** Bytes arrived on the console UART. */
    public void onConsoleInput(AppHost host, String text) {
    }

    /** Retarget-io with {@code CY_RETARGET_IO_CONVERT_LF_TO_CRLF}: every {@code \n} goes out as {@code \r\n}. */
    protected static String crlf(String s) {
        return s.replace("\n", "\r\n");
    }

    /** The optional extra banner text of the TLV as console text ending in {@code \n}. */
    protected String extraBanner() {
        if (spec.banner() == null || spec.banner().isEmpty()) {
            return "";
        }
        return spec.banner().endsWith("\n") ? spec.banner() : spec.banner() + "\n";
    }
}
