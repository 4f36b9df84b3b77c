package dev.otalab.controller.run;

import dev.otalab.controller.board.BoardClients;
import dev.otalab.controller.plan.ImageBuilder;
import dev.otalab.controller.plan.Plan;
import dev.otalab.controller.plan.PlanRegistry;
import dev.otalab.controller.lease.Lease;
import dev.otalab.controller.lease.LeaseKeeper;
import dev.otalab.controller.lease.LeaseService;
import dev.otalab.controller.pool.BoardRepository;
import dev.otalab.controller.pool.BoardSelector;
import dev.otalab.controller.pool.PoolSettings;
import dev.otalab.controller.pool.Tx;
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
    BoardRepository poolBoards;
    @Inject
    LeaseService leases;
    @Inject
    LeaseKeeper leaseKeeper;
    @Inject
    PoolSettings poolSettings;
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

    /** Queues a run on a board given by URL (outside the pool) or by the id of a pool board. */
    public Run start(String planName, String boardUrl, String boardId, Map<String, String> imageOverrides) {
        return start(planName, boardUrl, boardId, null, imageOverrides, Map.of());
    }

    /**
     * Queues a run. The board is, in this order: {@code boardUrl} (+ {@code boardId}) — a board
     * outside the pool, driven without a lease, unless it is that pool board; {@code boardId} alone —
     * that pool board; else the first free GOOD pool board matching {@code selector}, or the plan's
     * board requirements without one. A pooled run waits QUEUED until it holds the board's lease.
     *
     * @throws java.util.NoSuchElementException unknown plan
     * @throws BadRunRequest no usable board, bad override, bad variable name
     */
    public Run start(String planName, String boardUrl, String boardId, BoardSelector selector,
            Map<String, String> imageOverrides, Map<String, String> variables) {
        Map<String, String> vars = variables == null ? Map.of() : Map.copyOf(variables);
        for (String name : vars.keySet()) {
            if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new BadRunRequest("variables." + name + ": a variable name is [A-Za-z][A-Za-z0-9_]*");
            }
        }
        Plan plan = plans.find(planName).orElseThrow(() -> new java.util.NoSuchElementException("no plan named '" + planName + "'"));
        BoardSelector pooled = null;
        if (boardUrl != null) {
            if (!boardUrl.matches("https?://[^\\s]+")) {
                throw new BadRunRequest("boardUrl must be an http(s) URL, got '" + boardUrl + "'");
            }
            if (boardId != null && poolBoards.find(boardId).filter(b -> b.url().equals(boardUrl)).isPresent()) {
                pooled = BoardSelector.board(boardId);
            }
        } else if (boardId != null) {
            if (poolBoards.find(boardId).isEmpty()) {
                throw new BadRunRequest("board '" + boardId + "' is not in the pool (not configured in otalab.controller.boards"
                        + " and not registered by an agent); give boardUrl");
            }
            pooled = BoardSelector.board(boardId);
        } else {
            pooled = selector != null ? selector : new BoardSelector(List.of(), plan.board().kit(),
                    plan.board().flashmap(), plan.board().capabilities());
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
        Run run = new Run(UUID.randomUUID().toString(), plan.name(), boardUrl, boardId, plan.cases());
        store.insert(run);
        run.onFinish(store::saveFinished);
        synchronized (order) {
            runs.put(run.id, run);
            order.add(run.id);
        }
        run.log("run", "queued");
        BoardSelector lease = pooled;
        pool().submit(() -> execute(run, plan, lease, overrides, vars));
        return run;
    }

    private void execute(Run run, Plan plan, BoardSelector pooled, Map<String, byte[]> overrides,
            Map<String, String> vars) {
        try {
            if (run.finished()) {
                return; // cancelled while queued
            }
            if (pooled == null) {
                executeNow(run, plan, run.boardUrl, overrides, vars);
                return;
            }
            try (LeaseKeeper.Kept kept = awaitBoard(run, pooled)) {
                if (kept == null) {
                    return;
                }
                synchronized (run) {
                    run.boardId = kept.lease().board();
                    run.boardUrl = kept.lease().boardUrl();
                }
                executeNow(run, plan, run.boardUrl, overrides, vars);
                recordOnBoard(run);
            }
        } finally {
            evict();
        }
    }

    /**
     * Waits (the run stays QUEUED) until a board matching {@code selector} can be leased, then keeps
     * the lease alive while the run goes; losing it cancels the run. Null when the run was cancelled
     * meanwhile, or ended ERROR after {@code pool.run-wait-seconds} without a board.
     */
    private LeaseKeeper.Kept awaitBoard(Run run, BoardSelector selector) {
        long deadline = System.currentTimeMillis() + poolSettings.runWaitSeconds() * 1000L;
        String lastReason = null;
        while (!run.finished()) {
            try {
                Lease l = leases.acquire(selector, "run " + run.id + " (plan " + run.plan + ")",
                        UUID.fromString(run.id), poolSettings.runLeaseTtlSeconds());
                if (run.finished()) { // cancelled just now
                    leases.release(UUID.fromString(l.id()));
                    return null;
                }
                run.log("run", "leased board " + l.board() + " (lease " + l.id() + ", TTL " + l.ttlSeconds() + " s)");
                return leaseKeeper.keep(l, () -> {
                    run.log("run", "lease " + l.id() + " on board " + l.board() + " was lost (released by someone else or expired)");
                    run.cancel();
                });
            } catch (Tx.PoolDbException e) {
                LOG.errorf(e, "run %s: the board pool is unavailable", run.id);
                errorAll(run, "the board pool is unavailable: " + e.getMessage());
                return null;
            } catch (LeaseService.NoBoardFree e) {
                if (!e.getMessage().equals(lastReason)) {
                    run.log("run", "waiting for a board: " + e.getMessage());
                    lastReason = e.getMessage();
                }
                if (System.currentTimeMillis() > deadline) {
                    errorAll(run, "no board became free within " + poolSettings.runWaitSeconds() + " s: " + e.getMessage());
                    return null;
                }
            }
            synchronized (run) {
                try {
                    run.wait(poolSettings.runWaitPollMs()); // cancel() wakes it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
        return null;
    }

    /** Counts the run's infrastructure errors against its pooled board (too many in a row make it BAD). */
    private void recordOnBoard(Run run) {
        String detail;
        synchronized (run) {
            detail = run.cases.stream().filter(c -> c.status == Run.CaseStatus.ERROR).map(c -> c.message)
                    .findFirst().orElse(run.message);
        }
        try {
            poolBoards.recordRun(run.boardId, run.infraErrors() > 0, "run " + run.id + ": " + detail);
        } catch (RuntimeException e) {
            LOG.errorf(e, "board %s: the outcome of run %s could not be recorded", run.boardId, run.id);
        }
    }

    /** Ends a run ERROR with every unfinished case ERROR. */
    private static void errorAll(Run run, String message) {
        synchronized (run) {
            for (Run.CaseRecord c : run.cases) {
                if (c.status == Run.CaseStatus.PENDING || c.status == Run.CaseStatus.RUNNING) {
                    c.status = Run.CaseStatus.ERROR;
                    c.message = message;
                }
            }
        }
        run.finish(Run.Status.ERROR, message);
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

    /** Images are prepared before the first case: a failing signing-service call ends the run ERROR at once. */
    private static final OtaSteps.Calls SINGLE_ATTEMPT = new OtaSteps.Calls() {
        @Override
        public <T> T call(String what, java.util.function.Supplier<T> action) {
            return action.get();
        }
    };

    private void executeNow(Run run, Plan plan, String url, Map<String, byte[]> overrides, Map<String, String> vars) {
        try {
            // the signing key is read only when images are signed here: with signing-service it stays there
            ImageBuilder builder = new ImageBuilder(UploadImages.needLocalKey(plan.images(), otaClients().signing())
                    ? key() : null, plans.dir());
            UploadImages planImages = new UploadImages(plan.images(), overrides, builder, otaClients().signing(), signingKeyId);
            Map<String, byte[]> images = new LinkedHashMap<>();
            for (String name : plan.images().keySet()) {
                images.put(name, planImages.forProgram(name, SINGLE_ATTEMPT).bytes());
            }
            OtaSteps ota = new OtaSteps(otaClients(), planImages, run);
            new RunExecutor(run, plan, images, BoardClients.forUrl(url),
                    new RunExecutor.Retry(Math.max(1, attempts), backoffMs), ota, vars).execute();
        } catch (RuntimeException | RunExecutor.InfraError e) {
            LOG.errorf(e, "run %s aborted", run.id);
            errorAll(run, "run aborted: " + e);
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
