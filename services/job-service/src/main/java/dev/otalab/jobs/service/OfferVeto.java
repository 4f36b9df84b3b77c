package dev.otalab.jobs.service;

import dev.otalab.jobs.model.Job;
import dev.otalab.ota.OtaVersion;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Extension point: a reason to withhold an update the base rules would offer. Every CDI bean
 * implementing this is asked, in the check's transaction, after the base rules said
 * {@code UPDATE_AVAILABLE}; the first non-null reason turns the decision into {@code VETOED}
 * (recorded with the reason, answered with {@code No Update Available}).
 *
 * <p>There is deliberately no implementation yet. The planned one: <em>do not offer again a
 * version the device failed to keep</em>: an {@code ota_session} of this device and version
 * followed by a {@code device_report} of the same device still (or again) at an older version
 * after the session's download window, i.e. MCUboot reverted the image or the device never
 * installed it. The tables already hold what it needs ({@code ota_session.device_key},
 * {@code version}, {@code created_at}; {@code device_report.reported_version}, {@code reported_at};
 * {@code ota_result}).
 */
public interface OfferVeto {

    /** What the rules are about to offer. */
    record Offer(String deviceKey, String board, String serialNumber, OtaVersion reportedVersion, Job job) {
    }

    /**
     * @return a one-line reason to withhold {@code offer}, or null to let it through
     */
    Uni<String> veto(Mutiny.Session session, Offer offer);
}
