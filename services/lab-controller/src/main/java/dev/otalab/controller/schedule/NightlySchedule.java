package dev.otalab.controller.schedule;

import dev.otalab.controller.run.RunService;
import io.quarkus.scheduler.Scheduled;
import dev.otalab.controller.run.Run;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts the nightly plan on every configured nightly board at {@code otalab.controller.nightly-cron}
 * (Quartz-style cron, e.g. {@code 0 0 2 * * ?}; {@code off} by default).
 */
@ApplicationScoped
public class NightlySchedule {

    private static final Logger LOG = Logger.getLogger(NightlySchedule.class);

    @Inject
    RunService runs;

    /** The nightly suite: plans run one after the other on each board. */
    @ConfigProperty(name = "otalab.controller.nightly-plan", defaultValue = "rollback-nightly,ota-nightly")
    List<String> plans;

    /** Ids of boards from {@code otalab.controller.boards} to run the nightly plan on. */
    @ConfigProperty(name = "otalab.controller.nightly-boards")
    Optional<List<String>> boards;

    @Scheduled(identity = "nightly", cron = "${otalab.controller.nightly-cron:off}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void nightly() {
        startNightly();
    }

    /**
     * Starts the suite's first plan on every nightly board and returns those run ids; each board's
     * following plans start when its previous run has finished (a board runs one plan at a time).
     */
    public List<String> startNightly() {
        List<String> ids = new java.util.ArrayList<>();
        for (String board : boards.orElse(List.of())) {
            Run first = start(plans.get(0), board);
            if (first != null) {
                ids.add(first.id);
            }
            if (plans.size() > 1) {
                Thread t = new Thread(() -> rest(board, first), "nightly-" + board);
                t.setDaemon(true);
                t.start();
            }
        }
        return ids;
    }

    private void rest(String board, Run previous) {
        Run last = previous;
        for (String plan : plans.subList(1, plans.size())) {
            try {
                while (last != null && !last.finished()) {
                    Thread.sleep(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            last = start(plan, board);
        }
    }

    private Run start(String plan, String board) {
        try {
            Run r = runs.start(plan, null, board, null);
            LOG.infof("nightly run of %s started on %s", plan, board);
            return r;
        } catch (RuntimeException e) {
            LOG.errorf("nightly run of %s on %s not started: %s", plan, board, e.getMessage());
            return null;
        }
    }
}
