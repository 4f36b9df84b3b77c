package dev.otalab.cli.emu;

import picocli.CommandLine.Command;

/** {@code ./otalab emu …}: the emulator's kits from the command line. */
@Command(name = "emu", mixinStandardHelpOptions = true, description = "Emulated kits.",
        subcommands = {PowerfailCommand.class})
public final class EmuCommand {
}
