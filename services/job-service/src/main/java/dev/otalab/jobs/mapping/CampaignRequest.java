package dev.otalab.jobs.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/campaigns} (README, "Campaigns"). Unknown fields are refused. With the
 * {@code Idempotency-Key} header, the same key and the same body give the same campaign.
 */
@Schema(name = "CampaignRequest")
public record CampaignRequest(
        @Schema(description = "free text, default: the board and version") String name,
        @Schema(required = true, description = "CY_TARGET_BOARD_STRING of the devices") String board,
        @Schema(required = true, description = "image-store digest (hex) of the signed image; its version is offered")
        String imageDigest,
        @Schema(required = true) Targets targets,
        @Schema(required = true, description = "at least one; devices are assigned in order, the rest go to the last wave")
        List<Wave> waves,
        @Schema(description = "percent 0..100 of a wave's devices that must succeed to release the next wave; default 100")
        Integer successThreshold,
        Abort abort,
        @Schema(description = "seconds from an offer to its outcome, 1..604800; default 3600")
        Long executionTimeoutSeconds,
        @Schema(description = "offers per device, counting retries after FAILED / TIMED_OUT, 1..10; default 1")
        Integer maxAttempts,
        @Schema(description = "swap layouts: SUCCEEDED only when the check after the first one reporting the target "
                + "version reports it again (the image confirmed itself); default true")
        Boolean confirmRequired) {

    /** Exactly one of the three. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "CampaignTargets")
    public record Targets(
            @Schema(description = "these SerialNumber values of the board (need not have checked in)")
            List<String> serialNumbers,
            @Schema(description = "1..100 percent of the board's known devices at start") Integer percent,
            @Schema(description = "every known device of the board at start") Boolean all) {
    }

    /** Exactly one of the two. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "CampaignWave")
    public record Wave(@Schema(description = "devices, >= 1") Integer size,
            @Schema(description = "1..100 percent of the campaign's devices (rounded up)") Integer percent) {
    }

    @Schema(name = "CampaignAbort")
    public record Abort(
            @Schema(description = "FAILED, TIMED_OUT, REVERTED; default all three") List<String> failureTypes,
            @Schema(description = "abort when failures of these types are >= this percent (1..100) of executed") Integer percent,
            @Schema(description = "executed (terminal, not CANCELED) executions before the rule applies; default 1")
            Integer minExecuted) {
    }
}
