package dev.otalab.jobs.service;

import dev.otalab.jobs.config.JobsConfig;
import dev.otalab.jobs.model.Decision;
import dev.otalab.jobs.model.DeviceKey;
import dev.otalab.jobs.model.DeviceReport;
import dev.otalab.jobs.model.Execution;
import dev.otalab.jobs.model.Job;
import dev.otalab.jobs.model.OtaResult;
import dev.otalab.jobs.model.OtaSession;
import dev.otalab.jobs.repository.DeviceRepository;
import dev.otalab.jobs.repository.JobRepository;
import dev.otalab.jobs.repository.SessionRepository;
import dev.otalab.ota.DeviceIdentity;
import dev.otalab.ota.JobDocument;
import dev.otalab.ota.ResultMessage;
import dev.otalab.ota.UpdateAvailability;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * What happens in the database when a device asks ({@code Update Availability}) or reports a
 * result. One transaction per message: the reads the decision needs (indexed, one row each), then
 * one statement writing the device, the report and, for an offer, the OTA session, which is
 * therefore committed before the answer is published (the
 * device's {@code Request Update} follows the job document at once and image-store resolves the
 * session over REST).
 *
 * <p>Must be subscribed on a safe Vert.x context ({@link SafeContexts}).
 */
@ApplicationScoped
public class DeviceChecks {

    /** The outcome of one check: the decision and the document to publish on the unique topic. */
    public record Checked(Decision decision, String reason, JobDocument answer, OtaSession session, String deviceKey) {
    }

    private final Mutiny.SessionFactory sessions;
    private final JobRepository jobs;
    private final DeviceRepository devices;
    private final SessionRepository otaSessions;
    private final Instance<OfferVeto> vetoes;
    private final CampaignTracker campaigns;
    private final JobReverts jobReverts;
    private final CampaignEnds ends;
    private final JobsConfig config;
    private final MeterRegistry meters;

    public DeviceChecks(Mutiny.SessionFactory sessions, JobRepository jobs, DeviceRepository devices,
            SessionRepository otaSessions, Instance<OfferVeto> vetoes, CampaignTracker campaigns,
            JobReverts jobReverts, CampaignEnds ends, JobsConfig config, MeterRegistry meters) {
        this.sessions = sessions;
        this.jobs = jobs;
        this.devices = devices;
        this.otaSessions = otaSessions;
        this.vetoes = vetoes;
        this.campaigns = campaigns;
        this.jobReverts = jobReverts;
        this.ends = ends;
        this.config = config;
        this.meters = meters;
    }

    /** Records the check and decides; {@code board} comes from the request topic. */
    public Uni<Checked> updateAvailability(String board, UpdateAvailability request) {
        OffsetDateTime now = now();
        DeviceIdentity id = request.identity();
        String key = DeviceKey.of(board, id.serialNumber());
        DeviceReport report = new DeviceReport();
        report.id = UUID.randomUUID();
        report.deviceKey = key;
        report.board = board;
        report.serialNumber = id.serialNumber();
        report.manufacturer = id.manufacturer();
        report.manufacturerId = id.manufacturerId();
        report.productId = id.productId();
        report.boardName = id.boardName();
        report.reportedVersion = request.version().toString();
        report.uniqueTopic = request.uniqueTopicName();
        report.reportedAt = now;
        Set<UUID> ended = new HashSet<>();
        // The revert check comes first, so the offer decided below already sees a block it makes.
        return sessions.withTransaction(session -> jobReverts.detect(session, key, board, request.version(), now)
                .chain(() -> campaigns.onCheck(session, board, key, request.version(), now, ended))
                .chain(verdict -> verdict != null ? Uni.createFrom().item(Decided.of(verdict))
                        : decideByJob(session, board, key, id, request))
                .chain(decided -> {
                    report.decision = decided.verdict().decision();
                    report.reason = limit(decided.verdict().reason(), 500);
                    OtaSession created = decided.verdict().decision().offers()
                            ? session(decided.job(), report, now) : null;
                    report.sessionId = created == null ? null : created.id;
                    if (created != null && decided.execution() != null) {
                        created.executionId = decided.execution().id;
                        decided.execution().sessionId = created.id;
                    }
                    return devices.record(session, report, created)
                            .map(ignored -> new Checked(report.decision, report.reason,
                                    created == null ? JobDocuments.noUpdate(report.uniqueTopic)
                                            : JobDocuments.updateAvailable(decided.job(), report.serialNumber,
                                                    report.uniqueTopic),
                                    created, key));
                }))
                .call(() -> ends.sweep(ended))
                .invoke(checked -> {
                    meters.counter("otalab.update.checks", "decision", checked.decision().name().toLowerCase(Locale.ROOT))
                            .increment();
                    if (checked.session() != null) {
                        meters.counter("otalab.ota.sessions.created").increment();
                    }
                });
    }

    /** Records a {@code Success} / {@code Failure} against the newest session of its unique topic. */
    public Uni<OtaResult> result(String board, ResultMessage message) {
        OffsetDateTime now = now();
        Set<UUID> ended = new HashSet<>();
        return sessions.withTransaction(session -> otaSessions.newest(session, message.uniqueTopicName())
                .chain(found -> {
                    OtaResult result = new OtaResult();
                    result.id = UUID.randomUUID();
                    result.sessionId = found == null ? null : found.id;
                    result.deviceKey = found == null ? null : found.deviceKey;
                    result.uniqueTopic = message.uniqueTopicName();
                    result.board = board;
                    result.result = message.result();
                    result.receivedAt = now;
                    Uni<Void> execution = found == null || found.executionId == null ? Uni.createFrom().voidItem()
                            : campaigns.onResult(session, found, message.result(), now, ended);
                    return session.persist(result).chain(() -> execution).replaceWith(result);
                }))
                .call(() -> ends.sweep(ended))
                .invoke(result -> meters.counter("otalab.ota.results",
                        "result", result.result.name().toLowerCase(Locale.ROOT),
                        "session", result.sessionId == null ? "unknown" : "known").increment());
    }

    /** The board's job decides (no campaign owns the board): base rules, then the vetoes. */
    private Uni<Decided> decideByJob(Mutiny.Session session, String board, String key, DeviceIdentity id,
            UpdateAvailability request) {
        return jobs.find(session, board).chain(job -> {
            UpdateRules.Verdict base = UpdateRules.decide(job, board, id.serialNumber(), request.version());
            if (!base.decision().offers()) {
                return Uni.createFrom().item(new Decided(job, base, null));
            }
            OfferVeto.Offer offer = new OfferVeto.Offer(key, board, id.serialNumber(), request.version(), job);
            return firstVeto(session, offer, new ArrayList<>(vetoes.stream().toList()), 0)
                    .map(reason -> new Decided(job, reason == null ? base
                            : new UpdateRules.Verdict(Decision.VETOED, reason), null));
        });
    }

    private OtaSession session(Job job, DeviceReport report, OffsetDateTime now) {
        OtaSession s = new OtaSession();
        s.id = UUID.randomUUID();
        s.uniqueTopic = report.uniqueTopic;
        s.board = report.board;
        s.deviceKey = report.deviceKey;
        s.serialNumber = report.serialNumber;
        s.imageDigest = job.imageDigest;
        s.version = job.version;
        s.imageSize = job.imageSize;
        s.jobRevision = job.revision;
        s.reportedVersion = report.reportedVersion;
        s.createdAt = now;
        s.expiresAt = now.plus(config.sessionTtl());
        return s;
    }

    private static Uni<String> firstVeto(Mutiny.Session session, OfferVeto.Offer offer, List<OfferVeto> all, int i) {
        if (i >= all.size()) {
            return Uni.createFrom().nullItem();
        }
        return all.get(i).veto(session, offer)
                .chain(reason -> reason != null ? Uni.createFrom().item(reason) : firstVeto(session, offer, all, i + 1));
    }

    /** What was decided and from what: the job (a board's, or one built from a campaign) and the execution. */
    private record Decided(Job job, UpdateRules.Verdict verdict, Execution execution) {

        static Decided of(CampaignTracker.Verdict v) {
            return new Decided(v.job(), new UpdateRules.Verdict(
                    v.job() != null ? Decision.UPDATE_AVAILABLE : Decision.CAMPAIGN_HOLD, v.reason()), v.execution());
        }
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static String limit(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
