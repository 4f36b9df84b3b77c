package dev.otalab.cli.image;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** Writes key material to {@code -o FILE}, or to standard output (raw bytes unchanged). */
final class KeyOutput {

    private KeyOutput() {
    }

    static void write(CommandSpec spec, Path output, byte[] bytes, boolean binary) throws IOException {
        if (output != null) {
            Files.write(output, bytes);
        } else if (binary) {
            System.out.write(bytes);
            System.out.flush();
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(new String(bytes, StandardCharsets.US_ASCII));
            out.flush();
        }
    }
}
