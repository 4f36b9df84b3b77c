package dev.otalab.jobs.service;

import dev.otalab.jobs.model.Campaign;
import dev.otalab.jobs.model.CampaignState;
import dev.otalab.jobs.model.ExecutionState;
import dev.otalab.jobs.repository.CampaignRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * A campaign's own state after one of its executions ended, under the campaign's row lock: abort
 * criteria first, then the wave (next wave released, campaign SUCCEEDED, or ABORTED below the
 * threshold). The counts are one grouped query over the campaign's executions (index
 * {@code execution_campaign_idx}); transactions that end executions of the same campaign at once
 * wait for each other here and each sees the others' committed ends.
 */
@ApplicationScoped
public class CampaignProgress {

    private static final Logger LOG = Logger.getLogger(CampaignProgress.class);

    private final CampaignRepository campaigns;
    private final MeterRegistry meters;

    public CampaignProgress(CampaignRepository campaigns, MeterRegistry meters) {
        this.campaigns = campaigns;
        this.meters = meters;
    }

    /** Locks {@code c} (after the caller's execution locks) and re-evaluates it. */
    public Uni<Void> afterTerminal(Mutiny.Session session, Campaign c, OffsetDateTime now, Set<UUID> ended) {
        return session.flush().chain(() -> campaigns.lock(session, c)).chain(locked -> evaluate(session, locked, now,
                ended));
    }

    /** Re-evaluates a campaign the caller holds locked; adds its id to {@code ended} when it ends. */
    public Uni<Void> evaluate(Mutiny.Session session, Campaign c, OffsetDateTime now, Set<UUID> ended) {
        if (!c.state.active()) {
            return Uni.createFrom().voidItem();
        }
        return session.flush().chain(() -> campaigns.counts(session, c.id)).invoke(counts -> {
            String abort = abortReason(c, counts);
            if (abort != null) {
                finish(c, CampaignState.ABORTED, abort, now, ended);
                return;
            }
            if (c.state != CampaignState.RUNNING) {
                return;
            }
            while (c.state == CampaignState.RUNNING && waveDone(counts, c.currentWave)) {
                long succeeded = count(counts, c.currentWave, Set.of(ExecutionState.SUCCEEDED));
                long counted = count(counts, c.currentWave, null)
                        - count(counts, c.currentWave, Set.of(ExecutionState.CANCELED));
                long percent = counted == 0 ? 100 : succeeded * 100 / counted;
                if (percent < c.successThreshold) {
                    finish(c, CampaignState.ABORTED, "wave " + c.currentWave + ": " + succeeded + " of " + counted
                            + " succeeded (" + percent + "%), below the success threshold of " + c.successThreshold
                            + "%", now, ended);
                } else if (c.currentWave >= c.waveCount) {
                    finish(c, CampaignState.SUCCEEDED, "every wave reached the success threshold of "
                            + c.successThreshold + "%", now, ended);
                } else {
                    c.currentWave++;
                    c.updatedAt = now;
                    LOG.infof("campaign %s: wave %d released", c.id, c.currentWave);
                }
            }
        }).replaceWithVoid();
    }

    private static String abortReason(Campaign c, List<CampaignRepository.Count> counts) {
        Set<ExecutionState> types = c.abortTypes();
        if (c.abortPercent <= 0 || types.isEmpty()) {
            return null;
        }
        long executed = counts.stream().filter(n -> n.state().terminal() && n.state() != ExecutionState.CANCELED)
                .mapToLong(CampaignRepository.Count::count).sum();
        long failures = counts.stream().filter(n -> types.contains(n.state()))
                .mapToLong(CampaignRepository.Count::count).sum();
        if (executed >= c.abortMinExecuted && executed > 0 && failures * 100 >= (long) c.abortPercent * executed) {
            return "abort criteria met: " + failures + " of " + executed + " executed are " + c.abortFailureTypes
                    + " (>= " + c.abortPercent + "%, minimum executed " + c.abortMinExecuted + ")";
        }
        return null;
    }

    private static boolean waveDone(List<CampaignRepository.Count> counts, int wave) {
        return counts.stream().noneMatch(n -> n.wave() <= wave && !n.state().terminal());
    }

    private static long count(List<CampaignRepository.Count> counts, int wave, Set<ExecutionState> states) {
        return counts.stream().filter(n -> n.wave() == wave && (states == null || states.contains(n.state())))
                .mapToLong(CampaignRepository.Count::count).sum();
    }

    private void finish(Campaign c, CampaignState state, String why, OffsetDateTime now, Set<UUID> ended) {
        c.finish(state, why, now);
        meters.counter("otalab.campaigns.ended", "state", state.name().toLowerCase(Locale.ROOT)).increment();
        ended.add(c.id);
        LOG.infof("campaign %s %s: %s", c.id, state, why);
    }
}
