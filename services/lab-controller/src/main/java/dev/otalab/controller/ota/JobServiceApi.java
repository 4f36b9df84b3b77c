package dev.otalab.controller.ota;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

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
}
