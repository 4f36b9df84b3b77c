package dev.otalab.cli;

import dev.otalab.cli.bench.BenchCommand;
import dev.otalab.cli.demo.DemoCommand;
import dev.otalab.cli.emu.EmuCommand;
import dev.otalab.cli.image.ImageCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Root of the ./otalab command line; each subcommand lives in its own class. */
@Command(name = "otalab", mixinStandardHelpOptions = true,
        description = "Firmware-update and hardware-in-the-loop lab for MCUboot devices.",
        subcommands = {ImageCommand.class, BenchCommand.class, EmuCommand.class, CertsCommand.class, DemoCommand.class})
public final class Otalab {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return CliErrors.install(new CommandLine(new Otalab()));
    }
}
