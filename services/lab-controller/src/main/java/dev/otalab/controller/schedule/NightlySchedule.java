package dev.otalab.controller.schedule;

import dev.otalab.controller.run.RunService;
import io.quarkus.scheduler.Scheduled;
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

    @ConfigProperty(name = "otalab.controller.nightly-plan", defaultValue = "rollback-nightly")
    String plan;

    /** Ids of boards from {@code otalab.controller.boards} to run the nightly plan on. */
    @ConfigProperty(name = "otalab.controller.nightly-boards")
    Optional<List<String>> boards;

    @Scheduled(identity = "nightly", cron = "${otalab.controller.nightly-cron:off}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void nightly() {
        startNightly();
    }

    /** Starts one run per nightly board; returns the run ids. */
    public List<String> startNightly() {
        List<String> ids = new java.util.ArrayList<>();
        for (String board : boards.orElse(List.of())) {
            try {
                ids.add(runs.start(plan, null, board, null).id);
                LOG.infof("nightly run of %s started on %s", plan, board);
            } catch (RuntimeException e) {
                LOG.errorf("nightly run of %s on %s not started: %s", plan, board, e.getMessage());
            }
        }
        return ids;
    }
}
