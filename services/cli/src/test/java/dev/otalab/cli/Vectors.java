package dev.otalab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The golden imgtool vectors in ../shared/vectors/imgtool. */
final class Vectors {

    static final Path DIR = Path.of(System.getProperty("otalab.shared", "../../../shared"), "vectors", "imgtool")
            .toAbsolutePath().normalize();

    /** One line of cases.tsv. */
    record Case(String name, String check, String input, String output, List<String> args) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Vectors() {
    }

    static Path file(String name) {
        return DIR.resolve(name);
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String line : lines("cases.tsv")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            List<String> args = new ArrayList<>(Arrays.asList(f[4].trim().split("\\s+")));
            // Key files are named relative to the vectors folder.
            args.replaceAll(a -> Files.isRegularFile(DIR.resolve(a)) && a.contains(".") ? file(a).toString() : a);
            cases.add(new Case(f[0], f[1], f[2], f[3], args));
        }
        return cases;
    }

    /** verify.tsv: reference file name → the lines imgtool verify printed. */
    static Map<String, List<String>> verifyLines() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String line : lines("verify.tsv")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", 2);
            map.put(f[0], Arrays.stream(f[1].split("\\|")).filter(s -> !s.isEmpty()).toList());
        }
        return map;
    }

    private static List<String> lines(String name) {
        try {
            return Files.readAllLines(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
