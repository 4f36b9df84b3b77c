package dev.otalab.cli.bench;

import picocli.CommandLine.Command;

/** {@code ./otalab bench …}: measured figures, recorded in docs/benchmarks.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {SignBench.class, EmulatorBench.class, OtaBench.class, CampaignBench.class, JmhCommand.class})
public final class BenchCommand {
}
