package dev.otalab.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** Runs the JMH benchmarks packaged in the CLI jar; arguments go to JMH unchanged. */
@Command(name = "jmh", mixinStandardHelpOptions = true,
        description = "JMH benchmarks, e.g. './otalab bench jmh SignBenchmark -p size=1048576'.")
public final class JmhCommand implements Callable<Integer> {

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
        return 0;
    }
}
