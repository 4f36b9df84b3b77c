package dev.otalab.jobs.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otalab.jobs.model.Campaign;
import dev.otalab.jobs.model.ExecutionState;
import dev.otalab.jobs.repository.CampaignRepository;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A campaign with its execution counts, in total and per wave. */
@Schema(name = "Campaign")
public record CampaignView(UUID id, String idempotencyKey, String name, String board, String imageDigest,
        String version, long imageSize, String state, String reason, JsonNode targets, JsonNode waveSpec,
        int successThreshold, Abort abort, long executionTimeoutSeconds, int maxAttempts, boolean confirmRequired,
        @Schema(description = "waves 1..currentWave are released (0 before start)") int currentWave,
        @Schema(description = "waves with devices, known at start (0 before)") int waveCount,
        int devices, Map<String, Long> counts, List<Wave> waves,
        OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt, OffsetDateTime updatedAt) {

    @Schema(name = "CampaignAbortView")
    public record Abort(List<String> failureTypes, int percent, int minExecuted) {
    }

    @Schema(name = "CampaignWaveView")
    public record Wave(int number, boolean released, int devices, Map<String, Long> counts) {
    }

    public static CampaignView of(Campaign c, List<CampaignRepository.Count> counts,
            com.fasterxml.jackson.databind.ObjectMapper json) {
        Map<String, Long> total = zero();
        List<Wave> waves = new ArrayList<>();
        for (int w = 1; w <= c.waveCount; w++) {
            Map<String, Long> perWave = zero();
            for (CampaignRepository.Count n : counts) {
                if (n.wave() == w) {
                    perWave.merge(n.state().name(), n.count(), Long::sum);
                }
            }
            waves.add(new Wave(w, w <= c.currentWave, (int) perWave.values().stream().mapToLong(Long::longValue).sum(),
                    perWave));
        }
        counts.forEach(n -> total.merge(n.state().name(), n.count(), Long::sum));
        int devices = (int) total.values().stream().mapToLong(Long::longValue).sum();
        Abort abort = c.abortPercent <= 0 ? null : new Abort(c.abortTypes().stream().map(Enum::name).toList(),
                c.abortPercent, c.abortMinExecuted);
        try {
            return new CampaignView(c.id, c.idempotencyKey, c.name, c.board, c.imageDigest, c.version, c.imageSize,
                    c.state.name(), c.reason, json.readTree(c.targets), json.readTree(c.waves), c.successThreshold,
                    abort, c.executionTimeoutSeconds, c.maxAttempts, c.confirmRequired, c.currentWave, c.waveCount,
                    devices, total, waves, c.createdAt, c.startedAt, c.finishedAt, c.updatedAt);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("campaign " + c.id + " holds unreadable JSON", e);
        }
    }

    private static Map<String, Long> zero() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (ExecutionState s : ExecutionState.values()) {
            m.put(s.name(), 0L);
        }
        return m;
    }
}
