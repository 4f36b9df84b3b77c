package dev.otalab.jobs.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otalab.jobs.client.ImageMeta;
import dev.otalab.jobs.client.ImageStore;
import dev.otalab.jobs.config.OtaConfig;
import dev.otalab.jobs.mapping.CampaignRequest;
import dev.otalab.jobs.mapping.ProblemType;
import dev.otalab.jobs.model.Campaign;
import dev.otalab.jobs.model.CampaignState;
import dev.otalab.jobs.model.ExecutionState;
import dev.otalab.jobs.repository.CampaignRepository;
import dev.otalab.jobs.repository.JobRepository;
import dev.otalab.ota.OtaVersion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;

/** Campaign lifecycle over REST: create (idempotent), start, pause, resume, cancel. */
@ApplicationScoped
public class CampaignService {

    static final int MAX_IDEMPOTENCY_KEY = 200;

    private final Mutiny.SessionFactory sessions;
    private final CampaignRepository campaigns;
    private final CampaignRequests requests;
    private final CampaignTargets targets;
    private final CampaignProgress progress;
    private final CampaignEnds ends;
    private final ImageStore imageStore;
    private final OtaConfig ota;
    private final ObjectMapper json;

    public CampaignService(Mutiny.SessionFactory sessions, CampaignRepository campaigns, CampaignRequests requests,
            CampaignTargets targets, CampaignProgress progress, CampaignEnds ends, ImageStore imageStore,
            OtaConfig ota, ObjectMapper json) {
        this.sessions = sessions;
        this.campaigns = campaigns;
        this.requests = requests;
        this.targets = targets;
        this.progress = progress;
        this.ends = ends;
        this.imageStore = imageStore;
        this.ota = ota;
        this.json = json;
    }

    /** The result of {@link #create}: the campaign and whether this request made it. */
    public record Created(Campaign campaign, boolean created) {
    }

    /**
     * Creates a campaign in state CREATED. The same {@code idempotencyKey} with the same
     * (normalised) body returns the campaign made first; with another body it is refused (422).
     */
    public Uni<Created> create(String idempotencyKey, String body) {
        String key = idempotencyKey == null ? "" : idempotencyKey.trim();
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY) {
            throw ProblemException.badRequest("header Idempotency-Key is required (1.." + MAX_IDEMPOTENCY_KEY
                    + " characters): a retried POST with the same key returns the same campaign");
        }
        CampaignSpec spec = requests.parse(body);
        String hash = sha256(write(spec));
        return existing(key, hash).chain(found -> found != null ? Uni.createFrom().item(new Created(found, false))
                : imageStore.meta(spec.imageDigest()).chain(meta -> insert(newCampaign(key, hash, spec, meta)))
                        .onFailure(JobRepository::isUniqueViolation)
                        .recoverWithUni(e -> existing(key, hash).map(c -> new Created(c, false))));
    }

    private Uni<Campaign> existing(String key, String hash) {
        return sessions.withSession(session -> campaigns.byIdempotencyKey(session, key)).invoke(c -> {
            if (c != null && !c.requestHash.equals(hash)) {
                throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key '" + key
                        + "' was used for campaign " + c.id + " with a different request; use a new key");
            }
        });
    }

    private Uni<Created> insert(Campaign c) {
        return sessions.withTransaction(session -> session.persist(c)).replaceWith(new Created(c, true));
    }

    private Campaign newCampaign(String key, String hash, CampaignSpec spec, ImageMeta meta) {
        if (meta.board() != null && !meta.board().isEmpty() && !meta.board().equals(spec.board())) {
            throw new ProblemException(ProblemType.IMAGE_BOARD_MISMATCH, "image " + spec.imageDigest()
                    + " is for board " + meta.board() + ", not " + spec.board());
        }
        if (meta.size() == null || meta.size() < 0) {
            throw new ProblemException(ProblemType.BAD_GATEWAY, "image-store reports no usable size for image "
                    + spec.imageDigest());
        }
        OtaVersion version = JobDocuments.imageVersion(meta.version(), spec.imageDigest());
        JobDocuments.checkJob(ota.topicPrepend(), spec.board(), version, "", "");
        OffsetDateTime now = DeviceChecks.now();
        Campaign c = new Campaign();
        c.id = UUID.randomUUID();
        c.idempotencyKey = key;
        c.requestHash = hash;
        c.name = spec.name() != null ? spec.name() : spec.board() + " " + version;
        c.board = spec.board();
        c.imageDigest = spec.imageDigest();
        c.version = version.toString();
        c.imageSize = meta.size();
        c.targets = write(spec.targets());
        c.waves = write(spec.waves());
        c.successThreshold = spec.successThreshold();
        c.abortFailureTypes = spec.abortPercent() == null ? "" : spec.abortFailureTypes().stream().map(Enum::name)
                .collect(Collectors.joining(","));
        c.abortPercent = spec.abortPercent() == null ? 0 : spec.abortPercent();
        c.abortMinExecuted = spec.abortMinExecuted();
        c.executionTimeoutSeconds = spec.executionTimeoutSeconds();
        c.maxAttempts = spec.maxAttempts();
        c.confirmRequired = spec.confirmRequired();
        c.state = CampaignState.CREATED;
        c.currentWave = 0;
        c.waveCount = 0;
        c.createdAt = now;
        c.updatedAt = now;
        return c;
    }

    public Uni<Campaign> get(UUID id) {
        return sessions.withSession(session -> campaigns.find(session, id)).onItem().ifNull()
                .failWith(() -> unknown(id));
    }

    /**
     * CREATED → RUNNING: resolves the targets to devices (README, "Targets"), assigns them to waves and
     * releases the first wave. 409 when another campaign of the board is RUNNING or PAUSED, or no
     * device is targeted.
     */
    public Uni<Campaign> start(UUID id) {
        OffsetDateTime now = DeviceChecks.now();
        return sessions.withTransaction(session -> locked(session, id).chain(c -> {
            require(c, "start", CampaignState.CREATED);
            return campaigns.active(session, c.board).chain(other -> {
                if (other != null) {
                    throw new ProblemException(ProblemType.BOARD_BUSY, "campaign " + other.id + " is " + other.state
                            + " on board " + c.board + "; one campaign per board at a time");
                }
                return targets.resolve(session, c, read(c.targets, CampaignRequest.Targets.class));
            }).chain(keys -> {
                if (keys.isEmpty()) {
                    throw new ProblemException(ProblemType.NO_DEVICES, "the targets of campaign " + c.id
                            + " resolve to no device: none of board " + c.board
                            + "'s devices has checked in yet (percent and all use the devices known at start)");
                }
                var executions = targets.executions(c, keys,
                        read(c.waves, CampaignRequest.Wave[].class), now);
                c.state = CampaignState.RUNNING;
                c.currentWave = 1;
                c.startedAt = now;
                c.updatedAt = now;
                c.reason = executions.size() + " devices in " + c.waveCount + " wave(s)";
                return session.persistAll(executions.toArray()).replaceWith(c);
            });
        })).onFailure(JobRepository::isUniqueViolation).transform(e -> new ProblemException(ProblemType.BOARD_BUSY,
                "another campaign of the board was started at the same time"));
    }

    public Uni<Campaign> pause(UUID id) {
        return transition(id, "pause", CampaignState.RUNNING, CampaignState.PAUSED);
    }

    /** PAUSED → RUNNING, then the campaign is re-evaluated (a wave may have completed while paused). */
    public Uni<Campaign> resume(UUID id) {
        OffsetDateTime now = DeviceChecks.now();
        Set<UUID> ended = new HashSet<>();
        return sessions.withTransaction(session -> locked(session, id).chain(c -> {
            require(c, "resume", CampaignState.PAUSED);
            c.state = CampaignState.RUNNING;
            c.updatedAt = now;
            return progress.evaluate(session, c, now, ended).replaceWith(c);
        })).call(() -> ends.sweep(ended));
    }

    /** CREATED, RUNNING or PAUSED → CANCELED; then every open execution is CANCELED (in-flight ones too). */
    public Uni<Campaign> cancel(UUID id) {
        OffsetDateTime now = DeviceChecks.now();
        return sessions.withTransaction(session -> locked(session, id).chain(c -> {
            require(c, "cancel", CampaignState.CREATED, CampaignState.RUNNING, CampaignState.PAUSED);
            c.finish(CampaignState.CANCELED, "canceled by request", now);
            return Uni.createFrom().item(c);
        })).call(c -> campaigns.cancel(c.id, EnumSet.copyOf(ExecutionState.OPEN), "the campaign was canceled", now));
    }

    private Uni<Campaign> transition(UUID id, String action, CampaignState from, CampaignState to) {
        return sessions.withTransaction(session -> locked(session, id).invoke(c -> {
            require(c, action, from);
            c.state = to;
            c.updatedAt = DeviceChecks.now();
        }));
    }

    private Uni<Campaign> locked(Mutiny.Session session, UUID id) {
        return campaigns.findLocked(session, id).onItem().ifNull().failWith(() -> unknown(id));
    }

    private static void require(Campaign c, String action, CampaignState... allowed) {
        for (CampaignState s : allowed) {
            if (c.state == s) {
                return;
            }
        }
        throw new ProblemException(ProblemType.CAMPAIGN_STATE_CONFLICT, "cannot " + action + " campaign " + c.id
                + ": it is " + c.state + " (allowed from " + java.util.Arrays.toString(allowed) + ")");
    }

    static ProblemException unknown(UUID id) {
        return new ProblemException(ProblemType.UNKNOWN_CAMPAIGN, "no campaign " + id);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored campaign JSON unreadable", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
