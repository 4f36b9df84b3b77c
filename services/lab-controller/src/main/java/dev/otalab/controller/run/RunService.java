package dev.otalab.controller.run;

import dev.otalab.controller.board.BoardClients;
import dev.otalab.controller.plan.ImageBuilder;
import dev.otalab.controller.plan.Plan;
import dev.otalab.controller.plan.PlanRegistry;
import dev.otalab.mcuboot.keys.McubootKey;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Starts runs on a bounded worker pool and keeps them (in memory, newest last). */
@ApplicationScoped
public class RunService {

    private static final Logger LOG = Logger.getLogger(RunService.class);

    /** The request is not acceptable; the message is for the problem's detail. */
    public static class BadRunRequest extends RuntimeException {
        public BadRunRequest(String message) {
            super(message);
        }
    }

    @Inject
    PlanRegistry plans;
    @Inject
    dev.otalab.controller.store.RunStore store;
    @ConfigProperty(name = "otalab.controller.runs-in-memory", defaultValue = "200")
    int runsInMemory;

    @ConfigProperty(name = "otalab.controller.workers", defaultValue = "2")
    int workers;
    @ConfigProperty(name = "otalab.controller.retry.attempts", defaultValue = "3")
    int attempts;
    @ConfigProperty(name = "otalab.controller.retry.backoff-ms", defaultValue = "500")
    long backoffMs;
    @ConfigProperty(name = "otalab.controller.signing-key", defaultValue = "../../keys/otalab-test-ec-p256.pem")
    String signingKey;
    @ConfigProperty(name = "otalab.controller.boards")
    Optional<Map<String, String>> boards;
    @ConfigProperty(name = "otalab.controller.image-store.url")
    Optional<String> imageStoreUrl;
    @ConfigProperty(name = "otalab.controller.job-service.url")
    Optional<String> jobServiceUrl;
    @ConfigProperty(name = "otalab.controller.signing-service.url")
    Optional<String> signingServiceUrl;
    @ConfigProperty(name = "otalab.controller.signing-service.key-id", defaultValue = "otalab-test-ec-p256")
    String signingKeyId;

    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final List<String> order = new ArrayList<>();
    private volatile ExecutorService pool;
    private volatile McubootKey key;
    private volatile dev.otalab.controller.ota.OtaClients otaClients;
    private final AtomicInteger threads = new AtomicInteger();

    private ExecutorService pool() {
        if (pool == null) {
            synchronized (this) {
                if (pool == null) {
                    pool = Executors.newFixedThreadPool(Math.max(1, workers), r -> {
                        Thread t = new Thread(r, "run-worker-" + threads.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                }
            }
        }
        return pool;
    }

    private synchronized McubootKey key() {
        if (key == null) {
            key = McubootKey.read(Path.of(signingKey), null);
        }
        return key;
    }

    /** Configured boards: id → base URL ({@code otalab.controller.boards."emu-1"=http://...}). */
    public Map<String, String> configuredBoards() {
        return boards.orElse(Map.of());
    }

    /**
     * Queues a run.
     *
     * @throws java.util.NoSuchElementException unknown plan
     * @throws BadRunRequest no usable board, bad override
     */
    public Run start(String planName, String boardUrl, String boardId, Map<String, String> imageOverrides) {
        return start(planName, boardUrl, boardId, imageOverrides, Map.of());
    }

    /**
     * Queues a run whose cases start with {@code variables} (e.g. {@code otaBoard}).
     *
     * @throws java.util.NoSuchElementException unknown plan
     * @throws BadRunRequest no usable board, bad override, bad variable name
     */
    public Run start(String planName, String boardUrl, String boardId, Map<String, String> imageOverrides,
            Map<String, String> variables) {
        Map<String, String> vars = variables == null ? Map.of() : Map.copyOf(variables);
        for (String name : vars.keySet()) {
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new BadRunRequest("variables." + name + ": a variable name is [A-Za-z][A-Za-z0-9_]*");
            }
        }
        Plan plan = plans.find(planName).orElseThrow(() -> new java.util.NoSuchElementException("no plan named '" + planName + "'"));
        String url = boardUrl;
        if (url == null) {
            if (boardId == null) {
                throw new BadRunRequest("give boardUrl (and optionally boardId) or the boardId of a configured board");
            }
            url = configuredBoards().get(boardId);
            if (url == null) {
                throw new BadRunRequest("board '" + boardId + "' is not configured (otalab.controller.boards); give boardUrl");
            }
        }
        if (!url.matches("https?://[^\\s]+")) {
            throw new BadRunRequest("boardUrl must be an http(s) URL, got '" + url + "'");
        }
        Map<String, byte[]> overrides = new LinkedHashMap<>();
        if (imageOverrides != null) {
            for (var e : imageOverrides.entrySet()) {
                if (!plan.images().containsKey(e.getKey())) {
                    throw new BadRunRequest("imageOverrides." + e.getKey() + ": the plan has no such image; it has "
                            + plan.images().keySet());
                }
                try {
                    overrides.put(e.getKey(), Base64.getDecoder().decode(e.getValue() == null ? "" : e.getValue()));
                } catch (IllegalArgumentException ex) {
                    throw new BadRunRequest("imageOverrides." + e.getKey() + ": not base64: " + ex.getMessage());
                }
            }
        }
        Run run = new Run(UUID.randomUUID().toString(), plan.name(), url, boardId, plan.cases());
        store.insert(run);
        run.onFinish(store::saveFinished);
        synchronized (order) {
            runs.put(run.id, run);
            order.add(run.id);
        }
        run.log("run", "queued");
        String baseUrl = url;
        pool().submit(() -> execute(run, plan, baseUrl, overrides, vars));
        return run;
    }

    private void execute(Run run, Plan plan, String url, Map<String, byte[]> overrides, Map<String, String> vars) {
        try {
            if (!run.finished()) { // else cancelled while queued
                executeNow(run, plan, url, overrides, vars);
            }
        } finally {
            evict();
        }
    }

    /** Keeps every unfinished run and the newest {@code runs-in-memory} finished ones; the rest live in the database. */
    private void evict() {
        synchronized (order) {
            List<String> finished = order.stream().filter(id -> runs.get(id).finished()).toList();
            for (int i = 0; i < finished.size() - Math.max(0, runsInMemory); i++) {
                runs.remove(finished.get(i));
                order.remove(finished.get(i));
            }
        }
    }

    private synchronized dev.otalab.controller.ota.OtaClients otaClients() {
        if (otaClients == null) {
            otaClients = new dev.otalab.controller.ota.OtaClients(imageStoreUrl, jobServiceUrl, signingServiceUrl);
        }
        return otaClients;
    }

    private void executeNow(Run run, Plan plan, String url, Map<String, byte[]> overrides, Map<String, String> vars) {
        try {
            Map<String, byte[]> images = new LinkedHashMap<>();
            ImageBuilder builder = new ImageBuilder(plan.images().values().stream()
                    .anyMatch(s -> s instanceof dev.otalab.controller.plan.ImageSpec.Signed) ? key() : null, plans.dir());
            for (var e : plan.images().entrySet()) {
                images.put(e.getKey(), overrides.containsKey(e.getKey()) ? overrides.get(e.getKey())
                        : builder.build(e.getKey(), e.getValue()));
            }
            OtaSteps ota = new OtaSteps(otaClients(), new UploadImages(plan.images(), overrides, builder,
                    otaClients().signing(), signingKeyId), run);
            new RunExecutor(run, plan, images, BoardClients.forUrl(url),
                    new RunExecutor.Retry(Math.max(1, attempts), backoffMs), ota, vars).execute();
        } catch (RuntimeException e) {
            LOG.errorf(e, "run %s aborted", run.id);
            synchronized (run) {
                for (Run.CaseRecord c : run.cases) {
                    if (c.status == Run.CaseStatus.PENDING || c.status == Run.CaseStatus.RUNNING) {
                        c.status = Run.CaseStatus.ERROR;
                        c.message = "run aborted: " + e;
                    }
                }
            }
            run.finish(Run.Status.ERROR, "aborted: " + e);
        }
    }

    public Optional<Run> find(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    public List<Run> list() {
        synchronized (order) {
            return order.stream().map(runs::get).toList();
        }
    }

    @PreDestroy
    void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
