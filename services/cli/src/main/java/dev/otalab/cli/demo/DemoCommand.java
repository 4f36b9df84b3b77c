package dev.otalab.cli.demo;

import dev.otalab.cli.ProjectPaths;
import dev.otalab.cli.demo.NightlySuite.PlanResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The main job: starts the stack ({@link DemoStack}), runs the nightly suite ({@link NightlySuite}) and
 * the campaign ({@link CampaignDemo}), writes {@code target/otalab-report/} ({@link DemoReport}), prints
 * the summary and stops everything; exit code 0 only if everything passed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the main job: every service, the emulated kits, the nightly suite and a campaign; reports in target/otalab-report/.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--kits", defaultValue = "10", paramLabel = "N", description = "emulated kits of the campaign (default 10)")
    int kits;
    @Option(names = "--report-dir", paramLabel = "DIR", description = "where the reports go (default target/otalab-report)")
    Path reportDirOption;
    @Option(names = "--skip-nightly", description = "only the campaign")
    boolean skipNightly;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (kits < 4 || kits > 100) {
            throw new IllegalArgumentException("--kits must be between 4 and 100");
        }
        Logger.getLogger("io.vertx").setLevel(Level.WARNING);
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = new Progress(out);
        Path root = ProjectPaths.root();
        Path reportDir = (reportDirOption != null ? reportDirOption : root.resolve("target/otalab-report")).toAbsolutePath();
        String runId = HexFormat.of().toHexDigits(new SecureRandom().nextInt());
        String fleetBoard = "APP_DEMO_" + runId.toUpperCase();
        DemoReport.clear(reportDir); // reports of an earlier run must not pass for this one's
        DemoReport report = new DemoReport(reportDir);
        List<PlanResult> plans = List.of();
        CampaignDemo.Outcome campaign = null;
        DemoStack stack = DemoStack.start(root, reportDir.resolve("logs"), fleetBoard, runId, progress);
        Thread stopOnExit = new Thread(() -> { // Ctrl-C: stop the services before the JVM goes
            progress.say("interrupted: stopping the services");
            stack.close();
        }, "otalab-demo-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            if (!skipNightly) {
                plans = new NightlySuite(stack.controller(), reportDir, progress).run(DemoStack.NIGHTLY_BOARD_ID);
            }
            campaign = new CampaignDemo(CampaignDemo.Services.of(stack.backend(), stack.emulator()), fleetBoard, runId,
                    kits, progress).run();
            report.writeCampaign(campaign);
            if (!stack.deadServices().isEmpty()) {
                progress.say("services that died: %s (logs in %s)", stack.deadServices(), reportDir.resolve("logs"));
            }
        } finally {
            progress.say("stopping the services");
            stack.close();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
        long seconds = progress.elapsedSeconds();
        report.writeIndex(plans, campaign, seconds);
        report.printSummary(out, plans, campaign, seconds);
        return (skipNightly ? campaign.ok() : DemoReport.verdict(plans, campaign)) ? 0 : 1;
    }
}
