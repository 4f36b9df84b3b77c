package dev.otalab.imagestore.service;

import dev.otalab.imagestore.client.JobServiceClient;
import dev.otalab.imagestore.config.ImagesConfig;
import dev.otalab.imagestore.mapping.OtaSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Resolves a device's unique topic to its OTA session through job-service. An unknown or expired
 * session is an empty result; job-service being unreachable is a failure. A resolved session is
 * reused for {@code otalab.images.session-cache-ttl} (never past its {@code expiresAt}) for the same
 * topic and serial number, so a device in chunk-request mode does not cost one REST call per chunk.
 * The device's {@code SerialNumber} goes with every look-up: stock agents can share a unique topic,
 * and job-service attributes a download only to the asking device's offer. Thread-safe.
 */
@ApplicationScoped
public class SessionResolver {

    private static final Logger LOG = Logger.getLogger(SessionResolver.class);
    private static final int MAX_CACHED = 10_000;

    private record Cached(OtaSession session, String askedFor, Instant until) {
    }

    private final JobServiceClient jobs;
    private final long ttlMillis;
    private final Clock clock = Clock.systemUTC();
    private final LinkedHashMap<String, Cached> cache = new LinkedHashMap<>(64, 0.75f, true);

    public SessionResolver(@RestClient JobServiceClient jobs, ImagesConfig config) {
        this.jobs = jobs;
        this.ttlMillis = config.sessionCacheTtl().toMillis();
    }

    /**
     * The session, asking job-service (fresh answer, refreshes the cache).
     *
     * @param serialNumber the requesting device's {@code SerialNumber}, or null when it sent none
     */
    public Uni<Optional<OtaSession>> resolve(String uniqueTopic, String serialNumber) {
        return jobs.session(encode(uniqueTopic), serialNumber)
                .map(s -> {
                    Optional<OtaSession> live = usable(s, uniqueTopic);
                    live.ifPresentOrElse(v -> remember(uniqueTopic, serialNumber, v), () -> forget(uniqueTopic));
                    return live;
                })
                .onFailure(SessionResolver::isNotFound).recoverWithItem(e -> {
                    forget(uniqueTopic);
                    return Optional.empty();
                });
    }

    /** The session from the cache when fresh and asked for by the same serial number, else as {@link #resolve}. */
    public Uni<Optional<OtaSession>> resolveCached(String uniqueTopic, String serialNumber) {
        synchronized (cache) {
            Cached c = cache.get(uniqueTopic);
            if (c != null && Objects.equals(c.askedFor(), serialNumber) && clock.instant().isBefore(c.until())) {
                return Uni.createFrom().item(Optional.of(c.session()));
            }
        }
        return resolve(uniqueTopic, serialNumber);
    }

    public void forget(String uniqueTopic) {
        synchronized (cache) {
            cache.remove(uniqueTopic);
        }
    }

    private Optional<OtaSession> usable(OtaSession s, String uniqueTopic) {
        if (s == null || s.imageDigest() == null || s.imageDigest().isBlank()) {
            LOG.warnf("job-service answered a session for %s without imageDigest; ignored", uniqueTopic);
            return Optional.empty();
        }
        if (s.uniqueTopic() != null && !s.uniqueTopic().equals(uniqueTopic)) {
            LOG.warnf("job-service answered the session of %s when asked for %s; ignored", s.uniqueTopic(), uniqueTopic);
            return Optional.empty();
        }
        if (s.expiresAt() != null && !clock.instant().isBefore(s.expiresAt().toInstant())) {
            LOG.infof("OTA session %s expired at %s", uniqueTopic, s.expiresAt());
            return Optional.empty();
        }
        return Optional.of(s);
    }

    private void remember(String topic, String serialNumber, OtaSession s) {
        Instant until = clock.instant().plusMillis(ttlMillis);
        if (s.expiresAt() != null && s.expiresAt().toInstant().isBefore(until)) {
            until = s.expiresAt().toInstant();
        }
        synchronized (cache) {
            cache.put(topic, new Cached(s, serialNumber, until));
            for (Iterator<Map.Entry<String, Cached>> it = cache.entrySet().iterator(); cache.size() > MAX_CACHED;) {
                it.next();
                it.remove();
            }
        }
    }

    static boolean isNotFound(Throwable e) {
        return e instanceof WebApplicationException w && w.getResponse() != null
                && (w.getResponse().getStatus() == 404 || w.getResponse().getStatus() == 410);
    }

    /** Path-segment encoding: every reserved character escaped ({@code /} → {@code %2F}), space as {@code %20}. */
    static String encode(String topic) {
        return URLEncoder.encode(topic, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
