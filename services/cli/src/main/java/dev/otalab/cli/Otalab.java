package dev.otalab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Root of the ./otalab command line; each subcommand lives in its own class. */
@Command(name = "otalab", mixinStandardHelpOptions = true,
        description = "Firmware-update and hardware-in-the-loop lab for MCUboot devices.",
        subcommands = {})
public final class Otalab {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Otalab()).execute(args));
    }
}
