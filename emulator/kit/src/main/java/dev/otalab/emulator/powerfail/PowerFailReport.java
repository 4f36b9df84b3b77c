package dev.otalab.emulator.powerfail;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a campaign: how many flash operations could be interrupted, and after how many
 * of those interruptions the kit could not boot a valid image (bricked) or booted another image
 * than the scenario's (wrong image). {@code failures} describes the first few of either.
 */
public record PowerFailReport(String flashmap, PowerFailScenario scenario, int interruptionPoints, int bricked,
                              int wrongImage, List<String> failures, Duration elapsed) {

    public PowerFailReport {
        failures = List.copyOf(failures);
    }

    public boolean passed() {
        return bricked == 0 && wrongImage == 0;
    }

    /** {@code powerfail: N interruption points, B bricked, W wrong image}. */
    public String summaryLine() {
        return "powerfail: " + interruptionPoints + " interruption points, " + bricked + " bricked, "
                + wrongImage + " wrong image";
    }
}
