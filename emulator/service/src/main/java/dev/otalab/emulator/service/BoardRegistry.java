package dev.otalab.emulator.service;

import dev.otalab.emulator.config.EmulatorConfig;
import dev.otalab.emulator.config.OtaSettings;
import dev.otalab.emulator.config.ProjectPaths;
import dev.otalab.emulator.kit.KitSpec;
import dev.otalab.emulator.kit.KitTiming;
import dev.otalab.emulator.kit.VirtualKit;
import dev.otalab.emulator.ota.OtaConfig;
import dev.otalab.emulator.ota.OtaNetwork;
import dev.otalab.labapi.Problem;
import dev.otalab.labapi.ProblemException;
import dev.otalab.labapi.ProblemTypes;
import dev.otalab.labapi.dto.BoardInfo;
import dev.otalab.labapi.dto.CreateBoardRequest;
import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.keys.KeyException;
import dev.otalab.mcuboot.keys.McubootKey;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The virtual boards this emulator serves, by id. Creates kits from a flashmap file name and a
 * trusted key, all on one shared scheduler, and closes them on delete and at shutdown.
 *
 * <p>Create and delete are serialised; lookups are lock-free. A failed create stores nothing and
 * leaves existing boards untouched.
 */
@ApplicationScoped
public class BoardRegistry {

    private static final Logger LOG = Logger.getLogger(BoardRegistry.class);

    private final Map<String, VirtualKit> boards = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final EmulatorConfig config;
    private final FlashmapCatalog flashmaps;
    private final List<Path> defaultKeyFiles;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService cpu;
    /** {@code otalab.emulator.ota.*}, empty when OTA is off. */
    private final Optional<OtaSettings> ota;
    /** One MQTT stack (one event loop) for every kit's agent; made when the first OTA board is. */
    private OtaNetwork otaNetwork;
    /** Things that live as long as a board (UART streams): closed when it is deleted. */
    private final Map<VirtualKit, Set<AutoCloseable>> attachments = new ConcurrentHashMap<>();

    /**
     * @throws IllegalArgumentException a bad {@code otalab.emulator.ota.*} setting (stops the start-up)
     */
    @Inject
    public BoardRegistry(EmulatorConfig config) {
        this.config = config;
        this.ota = OtaSettings.from(config.ota());
        this.flashmaps = new FlashmapCatalog(config.flashmapDir()
                .or(() -> ProjectPaths.findUpwards(ProjectPaths.FLASHMAP_DIR))
                .orElse(null));
        this.defaultKeyFiles = config.trustedKey()
                .or(() -> ProjectPaths.findUpwards(ProjectPaths.TEST_KEY).map(List::of))
                .orElse(List.of());
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(Math.max(1, config.schedulerThreads()),
                daemonThreads("emu-kit-"));
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
        this.cpu = Executors.newFixedThreadPool(Math.max(1, config.cpuThreads()), daemonThreads("emu-cpu-"));
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("flashmap directory %s, default trusted key(s) %s, OTA %s", flashmaps.dir(), defaultKeyFiles,
                ota.map(o -> o.base().toString()).orElse("off"));
        for (CreateBoardRequest r : StartupBoards.parse(config.boards().orElse(List.of()), config.defaultKit())) {
            BoardInfo info = create(r);
            LOG.infof("created board %s (%s, %s, %s)", info.id(), info.kit(), info.flashmap(), r.bootloader());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        close();
    }

    /** The scheduler every kit shares (short, non-blocking work only). */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The threads that run emulated CPUs after timers (reboots, power back on) and stream pumps. */
    public ExecutorService executor() {
        return cpu;
    }

    /** The OTA settings, empty when OTA is off. */
    public Optional<OtaSettings> ota() {
        return ota;
    }

    private OtaNetwork otaNetwork() {
        if (otaNetwork == null) {
            otaNetwork = OtaNetwork.create(1);
        }
        return otaNetwork;
    }

    public FlashmapCatalog flashmaps() {
        return flashmaps;
    }

    /**
     * Creates a board, powered off with erased flash.
     *
     * @throws ProblemException 409 {@code conflict} for an id in use; 400 for an unknown flashmap,
     *         an unreadable key or a flashmap the bootloader cannot use
     */
    public synchronized BoardInfo create(CreateBoardRequest request) {
        if (request == null) {
            throw new ProblemException(Problem.badRequest("a JSON body is required"));
        }
        if (scheduler.isShutdown()) {
            throw new ProblemException(Problem.of(ProblemTypes.CONFLICT, "the emulator is shutting down"));
        }
        String id = request.id() != null ? request.id() : freshId();
        if (boards.containsKey(id)) {
            throw new ProblemException(Problem.of(ProblemTypes.CONFLICT, "board id '" + id + "' is already taken"));
        }
        Flashmap map = flashmaps.load(request.flashmap());
        List<McubootKey> keys = trustedKeys(request.trustedKeyPem());
        if (request.ota() != null && ota.isEmpty()) {
            throw new ProblemException(Problem.badRequest(
                    "ota: this emulator has no OTA configuration (set otalab.emulator.ota.host)"));
        }
        KitSpec spec;
        try {
            OtaConfig otaConfig = ota.isEmpty() ? null
                    : ota.get().forBoard(id, request.kit().trim(), request.ota());
            spec = KitSpec.builder()
                    .id(id)
                    .kit(request.kit().trim())
                    .flashmap(map)
                    .flashmapName(FlashmapCatalog.canonicalName(request.flashmap()))
                    .bootloader(request.bootloader())
                    .trustedKeys(keys)
                    .timing(new KitTiming(config.watchdogMs()))
                    .scheduler(scheduler)
                    .executor(cpu)
                    .ota(otaConfig)
                    .otaNetwork(otaConfig == null ? null : otaNetwork())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.badRequest(e.getMessage()), e);
        }
        VirtualKit kit = VirtualKit.create(spec);
        boards.put(id, kit);
        return kit.info();
    }

    /**
     * Removes and closes a board.
     *
     * @throws ProblemException 404 {@code board-not-found}
     */
    public synchronized void delete(String id) {
        VirtualKit kit = boards.remove(id);
        if (kit == null) {
            throw new ProblemException(Problem.boardNotFound(id));
        }
        closeQuietly(id, kit);
    }

    /**
     * Ties {@code resource} to the board's lifetime: it is closed when the board is deleted (at
     * once if it already was). Returns a handle that unties it.
     */
    public Runnable attach(VirtualKit kit, AutoCloseable resource) {
        Set<AutoCloseable> set = attachments.computeIfAbsent(kit, k -> ConcurrentHashMap.newKeySet());
        set.add(resource);
        if (!boards.containsValue(kit)) {
            set.remove(resource);
            closeQuietly(resource);
        }
        return () -> set.remove(resource);
    }

    /**
     * The board's kit.
     *
     * @throws ProblemException 404 {@code board-not-found}
     */
    public VirtualKit get(String id) {
        VirtualKit kit = id == null ? null : boards.get(id);
        if (kit == null) {
            throw new ProblemException(Problem.boardNotFound(id));
        }
        return kit;
    }

    public Optional<VirtualKit> find(String id) {
        return Optional.ofNullable(id == null ? null : boards.get(id));
    }

    /** Every board, sorted by id. */
    public List<BoardInfo> list() {
        List<BoardInfo> out = new ArrayList<>();
        for (VirtualKit kit : boards.values()) {
            out.add(kit.info());
        }
        out.sort(Comparator.comparing(BoardInfo::id));
        return out;
    }

    public int size() {
        return boards.size();
    }

    public boolean running() {
        return !scheduler.isShutdown();
    }

    /** Closes every board and stops the scheduler. */
    public synchronized void close() {
        for (String id : new ArrayList<>(boards.keySet())) {
            VirtualKit kit = boards.remove(id);
            if (kit != null) {
                closeQuietly(id, kit);
            }
        }
        scheduler.shutdownNow();
        cpu.shutdownNow();
        if (otaNetwork != null) {
            otaNetwork.close();
        }
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
            cpu.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<McubootKey> trustedKeys(String pem) {
        if (pem != null && !pem.isBlank()) {
            try {
                return List.of(McubootKey.parse(pem, null, "trustedKeyPem").publicOnly());
            } catch (KeyException e) {
                throw new ProblemException(Problem.badRequest("trustedKeyPem: " + e.getMessage()), e);
            }
        }
        if (defaultKeyFiles.isEmpty()) {
            throw new ProblemException(Problem.badRequest(
                    "no trustedKeyPem given and no default key: set otalab.emulator.trusted-key"));
        }
        List<McubootKey> keys = new ArrayList<>();
        for (Path file : defaultKeyFiles) {
            try {
                keys.add(McubootKey.read(file, null).publicOnly());
            } catch (KeyException e) {
                throw new ProblemException(Problem.of(ProblemTypes.INTERNAL_ERROR,
                        "default trusted key " + file + " is unusable: " + e.getMessage()), e);
            }
        }
        return keys;
    }

    private String freshId() {
        String id;
        do {
            id = "emu-" + nextId.getAndIncrement();
        } while (boards.containsKey(id));
        return id;
    }

    private void closeQuietly(String id, VirtualKit kit) {
        Set<AutoCloseable> attached = attachments.remove(kit);
        if (attached != null) {
            attached.forEach(BoardRegistry::closeQuietly);
        }
        try {
            kit.close();
        } catch (RuntimeException e) {
            LOG.warnf(e, "closing board %s failed", id);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debugf(e, "closing %s failed", c);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger(1);
        return r -> {
            Thread t = new Thread(r, prefix + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }
}
