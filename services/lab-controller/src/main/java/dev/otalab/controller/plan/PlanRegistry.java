package dev.otalab.controller.plan;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The plans of the plans folder ({@code otalab.controller.plans-dir}, every {@code *.yaml} /
 * {@code *.yml}), read at start. A file that does not validate is reported and left out; the
 * others stay usable. Plans are looked up by their {@code name}.
 */
@Startup
@ApplicationScoped
public class PlanRegistry {

    private static final Logger LOG = Logger.getLogger(PlanRegistry.class);

    /** A plan file that was rejected. */
    public record Rejected(String file, String error) {
    }

    @ConfigProperty(name = "otalab.controller.plans-dir", defaultValue = "plans")
    String plansDir;

    private final Map<String, Plan> plans = new TreeMap<>();
    private final List<Rejected> rejected = new ArrayList<>();

    @PostConstruct
    void load() {
        reload();
    }

    public synchronized void reload() {
        plans.clear();
        rejected.clear();
        for (String d : plansDir.split(",")) {
            load(Path.of(d.trim()));
        }
    }

    private void load(Path dir) {
        if (!Files.isDirectory(dir)) {
            LOG.warnf("plans folder %s does not exist: no plans from it", dir.toAbsolutePath());
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
                try {
                    Plan p = PlanParser.parse(Files.readString(f, StandardCharsets.UTF_8));
                    if (plans.containsKey(p.name())) {
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
