package dev.otalab.jobs.service;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.otalab.jobs.config.OtaConfig;
import dev.otalab.jobs.mapping.CampaignRequest;
import dev.otalab.jobs.model.ExecutionState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads and checks a campaign request body; every refusal is a 400 naming the field. */
@ApplicationScoped
public class CampaignRequests {

    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{32,128}");
    static final int MAX_WAVES = 100;
    static final int MAX_SERIALS = 10_000;
    static final long MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
    static final int MAX_ATTEMPTS = 10;

    private final ObjectReader reader;
    private final OtaConfig ota;

    public CampaignRequests(ObjectMapper mapper, OtaConfig ota) {
        this.ota = ota;
        this.reader = mapper.readerFor(CampaignRequest.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public CampaignSpec parse(String body) {
        CampaignRequest r = read(body);
        if (r.board() == null || r.board().isEmpty()) {
            throw ProblemException.badRequest("board is required");
        }
        JobDocuments.checkBoard(ota.topicPrepend(), r.board());
        if (r.imageDigest() == null || r.imageDigest().isBlank()) {
            throw ProblemException.badRequest("imageDigest is required");
        }
        String digest = r.imageDigest().trim().toLowerCase(Locale.ROOT);
        if (!DIGEST.matcher(digest).matches()) {
            throw ProblemException.badRequest("imageDigest must be 32 to 128 hex digits");
        }
        String name = r.name() == null || r.name().isBlank() ? null : r.name().trim();
        if (name != null && name.length() > 200) {
            throw ProblemException.badRequest("name must be at most 200 characters");
        }
        CampaignRequest.Targets targets = targets(r.targets());
        List<CampaignRequest.Wave> waves = waves(r.waves());
        int threshold = percent(r.successThreshold(), 100, 0, "successThreshold");
        Set<ExecutionState> types = EnumSet.noneOf(ExecutionState.class);
        Integer abortPercent = null;
        int minExecuted = 1;
        if (r.abort() != null) {
            types = failureTypes(r.abort().failureTypes());
            if (r.abort().percent() == null) {
                throw ProblemException.badRequest("abort.percent is required with abort");
            }
            abortPercent = percent(r.abort().percent(), null, 1, "abort.percent");
            minExecuted = r.abort().minExecuted() == null ? 1 : r.abort().minExecuted();
            if (minExecuted < 1) {
                throw ProblemException.badRequest("abort.minExecuted must be >= 1");
            }
        }
        long timeout = r.executionTimeoutSeconds() == null ? 3600 : r.executionTimeoutSeconds();
        if (timeout < 1 || timeout > MAX_TIMEOUT_SECONDS) {
            throw ProblemException.badRequest("executionTimeoutSeconds must be 1.." + MAX_TIMEOUT_SECONDS);
        }
        int attempts = r.maxAttempts() == null ? 1 : r.maxAttempts();
        if (attempts < 1 || attempts > MAX_ATTEMPTS) {
            throw ProblemException.badRequest("maxAttempts must be 1.." + MAX_ATTEMPTS);
        }
        return new CampaignSpec(name, r.board(), digest, targets, waves, threshold, types, abortPercent, minExecuted,
                timeout, attempts, r.confirmRequired() == null || r.confirmRequired());
    }

    private static CampaignRequest.Targets targets(CampaignRequest.Targets t) {
        if (t == null) {
            throw ProblemException.badRequest("targets is required: {\"serialNumbers\":[…]}, {\"percent\":n} or {\"all\":true}");
        }
        int given = (t.serialNumbers() != null ? 1 : 0) + (t.percent() != null ? 1 : 0)
                + (Boolean.TRUE.equals(t.all()) ? 1 : 0);
        if (given != 1 || Boolean.FALSE.equals(t.all())) {
            throw ProblemException.badRequest("targets must name exactly one of serialNumbers, percent, all (true)");
        }
        if (t.serialNumbers() != null) {
            if (t.serialNumbers().isEmpty() || t.serialNumbers().size() > MAX_SERIALS) {
                throw ProblemException.badRequest("targets.serialNumbers must list 1.." + MAX_SERIALS + " serial numbers");
            }
            TreeSet<String> serials = new TreeSet<>();
            for (String s : t.serialNumbers()) {
                if (s == null || s.isEmpty() || s.length() > 255 || s.indexOf('\0') >= 0) {
                    throw ProblemException.badRequest(
                            "targets.serialNumbers must hold non-empty strings of at most 255 characters without NUL");
                }
                serials.add(s);
            }
            return new CampaignRequest.Targets(new ArrayList<>(serials), null, null);
        }
        if (t.percent() != null) {
            return new CampaignRequest.Targets(null, percent(t.percent(), null, 1, "targets.percent"), null);
        }
        return new CampaignRequest.Targets(null, null, true);
    }

    private static List<CampaignRequest.Wave> waves(List<CampaignRequest.Wave> waves) {
        if (waves == null || waves.isEmpty()) {
            throw ProblemException.badRequest("waves must list at least one wave ({\"size\":n} or {\"percent\":n})");
        }
        if (waves.size() > MAX_WAVES) {
            throw ProblemException.badRequest("at most " + MAX_WAVES + " waves");
        }
        List<CampaignRequest.Wave> out = new ArrayList<>();
        int percentSum = 0;
        for (int i = 0; i < waves.size(); i++) {
            CampaignRequest.Wave w = waves.get(i);
            if (w == null || (w.size() == null) == (w.percent() == null)) {
                throw ProblemException.badRequest("waves[" + i + "] must have exactly one of size, percent");
            }
            if (w.size() != null && w.size() < 1) {
                throw ProblemException.badRequest("waves[" + i + "].size must be >= 1");
            }
            if (w.percent() != null) {
                percent(w.percent(), null, 1, "waves[" + i + "].percent");
                percentSum += w.percent();
            }
            out.add(new CampaignRequest.Wave(w.size(), w.percent()));
        }
        if (percentSum > 100) {
            throw ProblemException.badRequest("wave percentages add up to " + percentSum + ", more than 100");
        }
        return out;
    }

    private static Set<ExecutionState> failureTypes(List<String> names) {
        if (names == null) {
            return EnumSet.copyOf(ExecutionState.FAILURES);
        }
        if (names.isEmpty()) {
            throw ProblemException.badRequest("abort.failureTypes must name at least one of FAILED, TIMED_OUT, REVERTED");
        }
        Set<ExecutionState> types = EnumSet.noneOf(ExecutionState.class);
        for (String n : names) {
            ExecutionState s = n == null ? null : ExecutionState.FAILURES.stream()
                    .filter(f -> f.name().equals(n)).findFirst().orElse(null);
            if (s == null) {
                throw ProblemException.badRequest("abort.failureTypes: '" + n + "' is not one of FAILED, TIMED_OUT, REVERTED");
            }
            types.add(s);
        }
        return types;
    }

    private static int percent(Integer value, Integer fallback, int min, String field) {
        Integer v = value == null ? fallback : value;
        if (v == null || v < min || v > 100) {
            throw ProblemException.badRequest(field + " must be a percentage " + min + "..100");
        }
        return v;
    }

    private CampaignRequest read(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("request body must be a JSON object (board, imageDigest, targets, waves …)");
        }
        try {
            CampaignRequest r = reader.readValue(body);
            if (r == null) {
                throw ProblemException.badRequest("request body must be a JSON object, not null");
            }
            return r;
        } catch (UnrecognizedPropertyException e) {
            throw ProblemException.badRequest("unknown field '" + e.getPropertyName() + "'");
        } catch (MismatchedInputException e) {
            String path = e.getPath().stream().map(p -> p.getFieldName() != null ? p.getFieldName() : "[" + p.getIndex() + "]")
                    .reduce((a, b) -> a + "." + b).orElse(null);
            throw ProblemException.badRequest(path == null ? "request body must be a JSON object"
                    : "field '" + path + "' has the wrong type");
        } catch (JacksonException e) {
            throw ProblemException.badRequest("malformed JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    private static String firstLine(String m) {
        if (m == null) {
            return "";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
