package dev.otalab.cli.emu;

import dev.otalab.cli.ProjectPaths;
import dev.otalab.emulator.powerfail.PowerFailCampaign;
import dev.otalab.emulator.powerfail.PowerFailReport;
import dev.otalab.emulator.powerfail.PowerFailScenario;
import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.keys.McubootKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Cuts a kit's power before every flash operation of a scenario in turn and checks that it
 * recovers to the right image. Last line: {@code powerfail: N interruption points, B bricked,
 * W wrong image}; exit 0 only when B and W are 0.
 */
@Command(name = "powerfail", mixinStandardHelpOptions = true,
        description = "Power-failure campaign on an emulated kit (MCUboot simulator method).")
public final class PowerfailCommand implements Callable<Integer> {

    @Option(names = "--flashmap", required = true, paramLabel = "FILE",
            description = "flashmap file, or the name of one in flashmap/")
    String flashmap;
    @Option(names = "--scenario", required = true, paramLabel = "upgrade|revert|rollback")
    String scenario;
    @Option(names = "--payload", defaultValue = "8192", paramLabel = "BYTES",
            description = "application size (default 8192)")
    int payload;
    @Option(names = "--key", paramLabel = "PEM", description = "signing key (default: the test key in keys/)")
    Path key;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PowerFailScenario which = parseScenario(scenario);
        if (payload < 1 || payload > 1 << 20) {
            throw new IllegalArgumentException("--payload must be between 1 and 1048576 bytes");
        }
        Path file = FlashmapArgument.resolve(flashmap);
        Flashmap map = Flashmap.read(file);
        McubootKey signer = McubootKey.read(key != null ? key : ProjectPaths.testSigningKey(), null);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            long start = System.nanoTime();
            PowerFailReport report = new PowerFailCampaign(map, FlashmapArgument.name(file), signer, scheduler,
                    executor, payload).run(which, point -> {
                        if (point % 500 == 0) {
                            err.printf("  %d interruption points tried (%.0f s)%n", point,
                                    (System.nanoTime() - start) / 1e9);
                            err.flush();
                        }
                    });
            out.printf("%s, %s: %.1f s%n", report.flashmap(), which.name().toLowerCase(Locale.ROOT),
                    report.elapsed().toMillis() / 1000.0);
            report.failures().forEach(f -> out.println("  " + f));
            out.println(report.summaryLine());
            return report.passed() ? 0 : 1;
        } finally {
            scheduler.shutdownNow();
            executor.shutdownNow();
        }
    }

    private static PowerFailScenario parseScenario(String value) {
        try {
            return PowerFailScenario.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scenario '" + value + "': use upgrade, revert or rollback");
        }
    }
}
