package dev.otalab.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration property names one service reads, found in its own sources: the keys of its
 * {@code application.properties}, the property names in string literals of its main Java sources
 * ({@code @ConfigProperty(name = ...)}, {@code ${...}} expressions), and the {@code @ConfigMapping}
 * interfaces (prefix plus accessor names in kebab case, nested groups included). An environment
 * variable is read when it is the MicroProfile form of one of them: every character that is not a
 * letter or digit becomes {@code _}, then upper case.
 */
final class ServiceProperties {

    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern NAME_IN_LITERAL = Pattern.compile("(?:^|\\{)((?:otalab|quarkus)\\.[a-z0-9][a-z0-9.\\-]*[a-z0-9])");
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern ACCESSOR = Pattern.compile("(?m)^\\s*(?:default\\s+)?[\\w<>?,.\\[\\] ]+\\s+(\\w+)\\(\\)\\s*[;{]");

    private final String serviceDir;
    private final Set<String> envNames = new HashSet<>();
    /** {@code @ConfigMapping} prefix in env form → the env form of its accessors (any depth). */
    private final Map<String, Set<String>> mappings = new HashMap<>();

    private ServiceProperties(String serviceDir) {
        this.serviceDir = serviceDir;
    }

    /** Reads {@code <repo>/<serviceDir>}'s application.properties and src/main/java. */
    static ServiceProperties of(String serviceDir) {
        ServiceProperties p = new ServiceProperties(serviceDir);
        for (String key : Manifests.applicationProperties(serviceDir).stringPropertyNames()) {
            p.envNames.add(env(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key));
        }
        Path java = DeployTools.root().resolve(serviceDir).resolve("src/main/java");
        try (Stream<Path> files = Files.walk(java)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                p.read(Files.readString(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + java, e);
        }
        return p;
    }

    private void read(String source) {
        Matcher literal = LITERAL.matcher(source);
        while (literal.find()) {
            Matcher name = NAME_IN_LITERAL.matcher(literal.group(1));
            while (name.find()) {
                envNames.add(env(name.group(1)));
            }
        }
        Matcher mapping = MAPPING.matcher(source);
        if (mapping.find()) {
            Set<String> accessors = mappings.computeIfAbsent(env(mapping.group(1)), k -> new HashSet<>());
            Matcher accessor = ACCESSOR.matcher(source);
            while (accessor.find()) {
                accessors.add(env(kebab(accessor.group(1))));
            }
        }
    }

    /** True when the service reads the environment variable {@code name}. */
    boolean readsEnv(String name) {
        if (envNames.contains(name)) {
            return true;
        }
        for (Map.Entry<String, Set<String>> m : mappings.entrySet()) {
            if (name.startsWith(m.getKey() + "_") && segments(name.substring(m.getKey().length() + 1), m.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** {@code rest} is one or more accessors joined by {@code _} (a nested group, then its accessor). */
    private static boolean segments(String rest, Set<String> accessors) {
        for (String a : accessors) {
            if (rest.equals(a) || rest.startsWith(a + "_") && segments(rest.substring(a.length() + 1), accessors)) {
                return true;
            }
        }
        return false;
    }

    static String env(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static String kebab(String accessor) {
        return accessor.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The environment variables of {@code names} that this service does not read. */
    List<String> unread(Iterable<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEach(n -> {
            if (!readsEnv(n)) {
                out.add(n);
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return serviceDir;
    }
}
