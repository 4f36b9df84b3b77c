package dev.otalab.controller.ota;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** The part of job-service's REST API the plan steps use (services/job-service/README.md). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface JobServiceApi {

    /** Body of {@code PUT /jobs/{board}}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record JobRequest(String imageDigest, String broker, String port, List<String> serialNumbers) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record JobView(String board, String imageDigest, String version, long imageSize, String broker, String port,
            List<String> serialNumbers, String revision) {
    }

    /** One device as {@code GET /devices} lists it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DeviceView(String key, String board, String serialNumber, String lastVersion, String lastDecision,
            long checks) {
    }

    @PUT
    @Path("/jobs/{board}")
    @Consumes(MediaType.APPLICATION_JSON)
    JobView putJob(@PathParam("board") String board, JobRequest job);

    @DELETE
    @Path("/jobs/{board}")
    void deleteJob(@PathParam("board") String board);

    @GET
    @Path("/devices")
    List<DeviceView> devices(@QueryParam("board") String board, @QueryParam("limit") int limit);

    /** Body of {@code POST /campaigns} (job-service README, "Campaigns"); null fields take job-service's defaults. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CampaignRequest(String name, String board, String imageDigest, Targets targets, List<Wave> waves,
            Integer successThreshold, Abort abort, Long executionTimeoutSeconds, Integer maxAttempts,
            Boolean confirmRequired) {

        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record Targets(List<String> serialNumbers, Integer percent, Boolean all) {
        }

        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record Wave(Integer size, Integer percent) {
        }

        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record Abort(List<String> failureTypes, Integer percent, Integer minExecuted) {
        }
    }

    /** A campaign: {@code counts} holds every execution state. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CampaignView(String id, String board, String version, String state, String reason, int devices,
            Map<String, Integer> counts) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ExecutionView(String deviceKey, String state, String reason, String fromVersion, String lastVersion) {
    }

    /** {@code GET /devices/{key}}: only the blocks are read here. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DeviceDetail(List<BlockedVersion> blockedVersions) {

        @JsonIgnoreProperties(ignoreUnknown = true)
        public record BlockedVersion(String version, String revertedTo, String campaignId, String reason) {
        }
    }

    /** 201 new, 200 when {@code key} created it before (same body). */
    @POST
    @Path("/campaigns")
    @Consumes(MediaType.APPLICATION_JSON)
    CampaignView createCampaign(@HeaderParam("Idempotency-Key") String key, CampaignRequest campaign);

    @GET
    @Path("/campaigns/{id}")
    CampaignView campaign(@PathParam("id") String id);

    @GET
    @Path("/campaigns")
    List<CampaignView> campaigns(@QueryParam("board") String board, @QueryParam("limit") int limit);

    @GET
    @Path("/campaigns/{id}/executions")
    List<ExecutionView> executions(@PathParam("id") String id);

    /** {@code action}: start, pause, resume, cancel; 409 campaign-state-conflict when not allowed now. */
    @POST
    @Path("/campaigns/{id}/{action}")
    CampaignView campaignAction(@PathParam("id") String id, @PathParam("action") String action);

    @GET
    @Path("/devices/{key}")
    DeviceDetail device(@PathParam("key") String key);

    @DELETE
    @Path("/devices/{key}/blocked-versions/{version}")
    void unblock(@PathParam("key") String key, @PathParam("version") String version);
}
