package dev.otalab.jobs.service;

import dev.otalab.jobs.mapping.CampaignRequest;
import dev.otalab.jobs.model.Campaign;
import dev.otalab.jobs.model.DeviceKey;
import dev.otalab.jobs.model.Execution;
import dev.otalab.jobs.model.ExecutionState;
import dev.otalab.jobs.repository.CampaignRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Which devices a campaign updates and in which wave (README, "Targets and waves"), decided once
 * at start and stored as executions, so the rollout is auditable afterwards:
 * <ul>
 *   <li>{@code serialNumbers}: {@code <board>:<serial>} for each, whether or not it has checked in;</li>
 *   <li>{@code all} / {@code percent}: a snapshot of the board's devices known at start (every device
 *       that has sent one {@code Update Availability}); percent takes the first
 *       ⌈p·n/100⌉ in rollout order.</li>
 * </ul>
 * Rollout order is SHA-256 of {@code <campaign id>:<device key>}: stable for a campaign, different
 * between campaigns (the same devices are not always first). Waves take devices in that order,
 * {@code size} n or {@code percent} ⌈p·N/100⌉ of the campaign's N devices; devices left over go
 * to the last wave; waves that get none are dropped.
 */
@ApplicationScoped
public class CampaignTargets {

    private final CampaignRepository campaigns;

    public CampaignTargets(CampaignRepository campaigns) {
        this.campaigns = campaigns;
    }

    /** The device keys, in rollout order. */
    public Uni<List<String>> resolve(Mutiny.Session session, Campaign c, CampaignRequest.Targets targets) {
        if (targets.serialNumbers() != null) {
            return Uni.createFrom().item(ordered(c, targets.serialNumbers().stream()
                    .map(s -> DeviceKey.of(c.board, s)).toList()));
        }
        return campaigns.knownDevices(session, c.board).map(known -> {
            List<String> all = ordered(c, known);
            if (targets.percent() == null) {
                return all;
            }
            int n = (int) Math.ceil(all.size() * targets.percent() / 100.0);
            return all.subList(0, n);
        });
    }

    /** One QUEUED execution per device, assigned to waves; sets {@code c.waveCount}. */
    public List<Execution> executions(Campaign c, List<String> keys, CampaignRequest.Wave[] waves,
            OffsetDateTime now) {
        int total = keys.size();
        List<Execution> out = new ArrayList<>(total);
        int next = 0;
        int wave = 0;
        for (int i = 0; i < waves.length && next < total; i++) {
            CampaignRequest.Wave w = waves[i];
            int size = w.size() != null ? w.size() : (int) Math.ceil(total * w.percent() / 100.0);
            // The last wave takes whatever is left.
            int end = i == waves.length - 1 ? total : Math.min(total, next + size);
            if (end <= next) {
                continue;
            }
            wave++;
            for (; next < end; next++) {
                out.add(execution(c, keys.get(next), wave, now));
            }
        }
        c.waveCount = wave;
        return out;
    }

    private static Execution execution(Campaign c, String key, int wave, OffsetDateTime now) {
        Execution e = new Execution();
        e.id = UUID.randomUUID();
        e.campaignId = c.id;
        e.deviceKey = key;
        e.wave = wave;
        e.state = ExecutionState.QUEUED;
        e.updatedAt = now;
        return e;
    }

    private static List<String> ordered(Campaign c, List<String> keys) {
        return keys.stream().distinct()
                .sorted(Comparator.comparing((String k) -> rank(c.id, k)).thenComparing(k -> k))
                .toList();
    }

    private static String rank(UUID campaign, String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((campaign + ":" + key).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
