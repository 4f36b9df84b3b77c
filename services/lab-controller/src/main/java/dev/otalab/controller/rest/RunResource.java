package dev.otalab.controller.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.otalab.controller.report.Reports;
import dev.otalab.controller.report.RunView;
import dev.otalab.controller.run.Run;
import dev.otalab.controller.run.RunService;
import dev.otalab.labapi.Problem;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** Runs: start, list, status, cancel, log (SSE) and reports. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RunResource {

    /** Body of {@code POST /runs}. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record StartRun(String plan, String boardUrl, String boardId, dev.otalab.controller.pool.BoardSelector board,
            Map<String, String> imageOverrides, Map<String, String> variables) {
    }

    /** One entry of {@code GET /runs}. */
    public record RunSummary(String id, String plan, String boardUrl, String boardId, String status,
            Map<String, Integer> totals, java.time.Instant createdAt) {
    }

    @Inject
    RunService runs;
    @Inject
    ObjectMapper mapper;
    @Inject
    dev.otalab.controller.store.RunStore store;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(StartRun body) {
        if (body == null) {
            throw new ProblemResponse(Problem.badRequest("a JSON body {plan, boardUrl | boardId | board: {boards, kit, flashmap, capabilities}, imageOverrides} is required"));
        }
        if (body.plan() == null || body.plan().isBlank()) {
            throw new ProblemResponse(Problem.badRequest("plan: is required"));
        }
        Run run;
        try {
            run = runs.start(body.plan(), body.boardUrl(), body.boardId(), body.board(), body.imageOverrides(),
                    body.variables());
        } catch (java.util.NoSuchElementException e) {
            throw new ProblemResponse(Problem.of(ProblemResponse.PLAN_NOT_FOUND, e.getMessage()));
        } catch (RunService.BadRunRequest e) {
            throw new ProblemResponse(Problem.badRequest(e.getMessage()));
        }
        return Response.accepted(RunView.of(run, false)).location(URI.create("/api/v1/runs/" + run.id)).build();
    }

    @GET
    public List<RunSummary> list() {
        Map<String, RunView> live = new java.util.HashMap<>();
        runs.list().forEach(r -> live.put(r.id, RunView.of(r, false)));
        List<RunSummary> out = new java.util.ArrayList<>();
        for (var row : store.list()) {
            RunView v = live.get(row.id.toString());
            out.add(v != null
                    ? new RunSummary(v.id(), v.plan(), v.boardUrl(), v.boardId(), v.status(), v.totals(), v.createdAt())
                    : new RunSummary(row.id.toString(), row.plan, row.boardUrl, row.boardId, row.status, null, row.createdAt));
        }
        return out;
    }

    @GET
    @Path("/{id}")
    public RunView get(@PathParam("id") String id) {
        RunView v = view(id);
        return new RunView(v.id(), v.plan(), v.boardUrl(), v.boardId(), v.status(), v.message(), v.createdAt(),
                v.startedAt(), v.endedAt(), v.durationMs(), v.totals(), v.cases().stream()
                        .map(c -> new RunView.CaseView(c.name(), c.status(), c.message(), c.startedAt(), c.endedAt(),
                                c.durationMs(), c.variables(), c.steps(), null)).toList());
    }

    /** The run from memory (queued, running, recent) or from the database. */
    private RunView view(String id) {
        return runs.find(id).map(r -> RunView.of(r, true)).or(() -> store.find(id))
                .orElseThrow(() -> notFound(id));
    }

    private static ProblemResponse notFound(String id) {
        return new ProblemResponse(Problem.of(ProblemResponse.RUN_NOT_FOUND, "no run with id '" + id + "'"));
    }

    @POST
    @Path("/{id}/cancel")
    public Response cancel(@PathParam("id") String id) {
        Run run = runs.find(id).orElse(null);
        if (run == null) {
            RunView stored = view(id); // 404 when unknown; stored runs have finished
            throw new ProblemResponse(Problem.of(ProblemResponse.RUN_FINISHED,
                    "run " + id + " already finished with status " + stored.status()));
        }
        if (!run.cancel()) {
            throw new ProblemResponse(Problem.of(ProblemResponse.RUN_FINISHED,
                    "run " + id + " already finished with status " + RunView.of(run, false).status()));
        }
        return Response.accepted(RunView.of(run, false)).build();
    }

    @GET
    @Path("/{id}/report.json")
    public Response reportJson(@PathParam("id") String id) throws Exception {
        String json = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(view(id));
        return Response.ok(json, MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{id}/report.xml")
    @Produces(MediaType.APPLICATION_XML)
    public String reportXml(@PathParam("id") String id) {
        return Reports.junitXml(view(id));
    }

    @GET
    @Path("/{id}/report.html")
    @Produces(MediaType.TEXT_HTML)
    public String reportHtml(@PathParam("id") String id) {
        return Reports.html(view(id));
    }

    /**
     * The run log as server-sent events ({@code id} = event number from 1, {@code event} = run | case
     * | step | uart | retry). Resumable: events after {@code Last-Event-ID} are sent. The stream
     * ends when the run has finished and every event was sent.
     */
    @GET
    @Path("/{id}/log")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void log(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
            @Context SseEventSink sink, @Context Sse sse) {
        Run run = runs.find(id).orElse(null);
        if (run == null) {
            view(id); // 404 when unknown
        }
        long after = 0;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                after = Math.max(0, Long.parseLong(lastEventId.trim()));
            } catch (NumberFormatException e) {
                throw new ProblemResponse(Problem.badRequest("Last-Event-ID must be an event number, got '" + lastEventId + "'"));
            }
        }
        long start = after;
        Thread t = new Thread(() -> {
            long last = start;
            try (sink) {
                if (run == null) {
                    // a stored (finished) run: its log from the database, then the end of the stream
                    for (Run.LogEvent e : store.log(id, start)) {
                        sink.send(sse.newEventBuilder().id(Long.toString(e.id())).name(e.type())
                                .data(e.at() + " " + e.text()).build()).toCompletableFuture().join();
                    }
                    return;
                }
                while (!sink.isClosed()) {
                    List<Run.LogEvent> events = run.logAfter(last, 1000);
                    for (Run.LogEvent e : events) {
                        sink.send(sse.newEventBuilder().id(Long.toString(e.id())).name(e.type())
                                .data(e.at() + " " + e.text()).build()).toCompletableFuture().join();
                        last = e.id();
                    }
                    if (events.isEmpty() && run.finished() && run.logAfter(last, 0).isEmpty()) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // client went away
            }
        }, "sse-" + id);
        t.setDaemon(true);
        t.start();
    }

}
