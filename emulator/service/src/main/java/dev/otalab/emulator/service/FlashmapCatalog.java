package dev.otalab.emulator.service;

import dev.otalab.labapi.Problem;
import dev.otalab.labapi.ProblemException;
import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.flashmap.FlashmapException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The flashmap files a create request may name: {@code <dir>/<name>.json}. Names are plain file
 * names (no path), so a request can never read outside the directory.
 */
public final class FlashmapCatalog {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final String SUFFIX = ".json";

    private final Path dir;

    /** @param dir the flashmap directory, or null when none was configured or found */
    public FlashmapCatalog(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The name as {@code BoardInfo.flashmap} shows it: without {@code .json}. */
    public static String canonicalName(String name) {
        return name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
    }

    /**
     * Reads the flashmap {@code name} (with or without {@code .json}).
     *
     * @throws ProblemException 400 for a malformed or unknown name or a file that is not a valid map
     */
    public Flashmap load(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ProblemException(Problem.badRequest(
                    "flashmap must be a file name of [A-Za-z0-9._-] such as 'psoc62_2m_ext_swap_single', got '"
                            + name + "'"));
        }
        if (dir == null) {
            throw new ProblemException(Problem.badRequest(
                    "no flashmap directory: set otalab.emulator.flashmap-dir"));
        }
        String base = canonicalName(name);
        Path file = dir.resolve(base + SUFFIX);
        if (!Files.isRegularFile(file)) {
            throw new ProblemException(Problem.badRequest(
                    "unknown flashmap '" + base + "', known: " + names()));
        }
        try {
            return Flashmap.read(file);
        } catch (FlashmapException e) {
            throw new ProblemException(Problem.badRequest("flashmap '" + base + "' is not usable: " + e.getMessage()), e);
        }
    }

    /** Names of the {@code .json} files in the directory, sorted. */
    public List<String> names() {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(SUFFIX))
                    .map(FlashmapCatalog::canonicalName)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
