package dev.otalab.controller.plan;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The built-in plans (the nightly suite, {@code services/lab-controller/plans/} packed into the jar)
 * and those of the plans folders ({@code otalab.controller.plans-dir}, every {@code *.yaml} /
 * {@code *.yml}), read at start. A folder plan named like a built-in one replaces it, so a lab can
 * adapt the nightly suite; two folder files with one name are an error. A file that does not
 * validate is reported and left out; the others stay usable. Plans are looked up by their {@code name}.
 */
@Startup
@ApplicationScoped
public class PlanRegistry {

    private static final Logger LOG = Logger.getLogger(PlanRegistry.class);

    /** A plan file that was rejected. */
    public record Rejected(String file, String error) {
    }

    /** The files of {@code services/lab-controller/plans/}, packed into the jar under {@value #BUILT_IN_RESOURCES}. */
    static final List<String> BUILT_IN = List.of("rollback-nightly.yaml", "ota-nightly.yaml");
    static final String BUILT_IN_RESOURCES = "builtin-plans/";

    @ConfigProperty(name = "otalab.controller.plans-dir", defaultValue = "plans")
    String plansDir;

    private final Map<String, Plan> plans = new TreeMap<>();
    private final Set<String> builtIn = new HashSet<>();
    private final List<Rejected> rejected = new ArrayList<>();

    @PostConstruct
    void load() {
        reload();
    }

    public synchronized void reload() {
        plans.clear();
        builtIn.clear();
        rejected.clear();
        loadBuiltIn();
        for (String d : plansDir.split(",")) {
            load(Path.of(d.trim()));
        }
    }

    private void loadBuiltIn() {
        for (String file : BUILT_IN) {
            try (InputStream in = PlanRegistry.class.getClassLoader().getResourceAsStream(BUILT_IN_RESOURCES + file)) {
                if (in == null) {
                    throw new IllegalStateException("built-in plan " + file + " is missing from the jar");
                }
                Plan p = PlanParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                plans.put(p.name(), p);
                builtIn.add(p.name());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void load(Path dir) {
        if (!Files.isDirectory(dir)) {
            LOG.warnf("plans folder %s does not exist: no plans from it (the built-in ones stay)", dir.toAbsolutePath());
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
                try {
                    Plan p = PlanParser.parse(Files.readString(f, StandardCharsets.UTF_8));
                    if (builtIn.remove(p.name())) {
                        LOG.debugf("plan file %s replaces the built-in plan '%s'", f.getFileName(), p.name());
                    } else if (plans.containsKey(p.name())) {
                        throw new PlanException("name: plan '" + p.name() + "' is already defined by another file");
                    }
                    plans.put(p.name(), p);
                } catch (PlanException e) {
                    LOG.errorf("plan file %s rejected: %s", f.getFileName(), e.getMessage());
                    rejected.add(new Rejected(f.getFileName().toString(), e.getMessage()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.infof("%d plan(s) loaded after %s", plans.size(), dir.toAbsolutePath());
    }

    /** The first plans folder: image files of plans are resolved against it. */
    public Path dir() {
        return Path.of(plansDir.split(",")[0].trim());
    }

    public synchronized Optional<Plan> find(String name) {
        return Optional.ofNullable(plans.get(name));
    }

    public synchronized List<Plan> all() {
        return List.copyOf(plans.values());
    }

    public synchronized List<Rejected> rejected() {
        return List.copyOf(rejected);
    }
}
