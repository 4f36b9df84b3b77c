package dev.otalab.cli.emu;

import dev.otalab.cli.ProjectPaths;
import java.nio.file.Files;
import java.nio.file.Path;

/** A flashmap named on the command line: a path, or the name of one of the project's maps. */
final class FlashmapArgument {

    private FlashmapArgument() {
    }

    static Path resolve(String value) {
        Path direct = Path.of(value);
        if (Files.isRegularFile(direct)) {
            return direct;
        }
        String name = value.endsWith(".json") ? value : value + ".json";
        Path inProject = ProjectPaths.flashmaps().resolve(name);
        if (Files.isRegularFile(inProject)) {
            return inProject;
        }
        throw new IllegalArgumentException("no flashmap '" + value + "' (neither a file nor one of "
                + ProjectPaths.flashmaps() + ")");
    }

    static String name(Path file) {
        return file.getFileName().toString().replaceFirst("\\.json$", "");
    }
}
