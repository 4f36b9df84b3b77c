package dev.otalab.controller.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.otalab.controller.run.Run;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An immutable snapshot of a run: the JSON of {@code GET /runs/{id}} and the input of every report. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(String id, String plan, String boardUrl, String boardId, String status, String message,
        Instant createdAt, Instant startedAt, Instant endedAt, Long durationMs, Map<String, Integer> totals,
        List<CaseView> cases) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CaseView(String name, String status, String message, Instant startedAt, Instant endedAt,
            Long durationMs, Map<String, String> variables, List<StepView> steps, List<String> uart) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepView(int index, String kind, String description, String status, Instant startedAt,
            Instant endedAt, Long durationMs, Integer attempts, String message, String expected, String actual) {
    }

    public static RunView of(Run run, boolean withUart) {
        synchronized (run) {
            Map<String, Integer> totals = new java.util.LinkedHashMap<>();
            for (Run.CaseStatus s : Run.CaseStatus.values()) {
                int n = (int) run.cases.stream().filter(c -> c.status == s).count();
                if (n > 0) {
                    totals.put(s.name(), n);
                }
            }
            List<CaseView> cases = run.cases.stream().map(c -> new CaseView(c.name, c.status.name(), c.message,
                    c.startedAt, c.endedAt, c.durationMs, c.variables.isEmpty() ? null : c.variables,
                    c.steps.stream().map(s -> new StepView(s.index, s.kind, s.description, s.status.name(),
                            s.startedAt, s.endedAt, s.durationMs, s.attempts == 0 ? null : s.attempts, s.message,
                            s.expected, s.actual)).toList(),
                    withUart ? List.copyOf(c.uart) : null)).toList();
            Long duration = run.startedAt != null && run.endedAt != null
                    ? java.time.Duration.between(run.startedAt, run.endedAt).toMillis() : null;
            return new RunView(run.id, run.plan, run.boardUrl, run.boardId, run.status.name(), run.message,
                    run.createdAt, run.startedAt, run.endedAt, duration, totals, cases);
        }
    }
}
