package dev.otalab.emulator.kit;

/**
 * Timers of one kit, in milliseconds of real (scheduler) time. Defaults are the firmware's; tests
 * shrink them so they run fast. The OTA agent's timers are in
 * {@link dev.otalab.emulator.ota.OtaTimers} (part of {@link KitSpec#ota()}).
 *
 * @param watchdogMs watchdog timeout the bootloader arms before jumping to the user app on the
 *        normal path ({@code WDT_TIME_OUT_MS}, 4000). An app that does not stop it within this
 *        time resets the kit.
 */
public record KitTiming(long watchdogMs) {

    public static final long DEFAULT_WATCHDOG_MS = 4000;

    public KitTiming {
        if (watchdogMs < 1) {
            throw new IllegalArgumentException("watchdogMs must be >= 1, got " + watchdogMs);
        }
    }

    /** Firmware defaults: 4000 ms watchdog. */
    public static KitTiming defaults() {
        return new KitTiming(DEFAULT_WATCHDOG_MS);
    }

    public KitTiming withWatchdogMs(long ms) {
        return new KitTiming(ms);
    }
}
