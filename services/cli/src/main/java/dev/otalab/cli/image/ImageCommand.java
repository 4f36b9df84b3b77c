package dev.otalab.cli.image;

import picocli.CommandLine.Command;

/** {@code ./otalab image …}: a drop-in for imgtool's sign, verify, keygen, getpub and dumpinfo. */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "MCUboot images and keys, compatible with imgtool 2.4.0 options and output.",
        subcommands = {SignCommand.class, VerifyCommand.class, KeygenCommand.class, GetpubCommand.class,
                GetpubhashCommand.class, DumpinfoCommand.class})
public final class ImageCommand {
}
