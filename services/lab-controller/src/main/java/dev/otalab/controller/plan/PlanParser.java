package dev.otalab.controller.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and validates plan YAML. Every error is a {@link PlanException} whose message starts with
 * the location, e.g. {@code cases[2] (rollback-by-button).steps[3].expect.timeoutMs: must be a
 * positive integer}.
 */
public final class PlanParser {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> STEP_KINDS = Set.of("program", "power", "button", "expect", "send", "led",
            "fault", "wait", "upload", "job", "waitVersion", "campaign", "blocked");
    private static final Set<String> ROLES = Set.of("primary", "upgrade", "permanent", "factory", "ota");
    /** The board string of the board under test, set by the executor (see README, OTA steps). */
    public static final String OTA_BOARD = "${otaBoard}";
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern VERSION3 = Pattern.compile("\\d{1,5}\\.\\d{1,5}\\.\\d{1,5}");
    private static final Set<String> DECISIONS = Set.of("NO_JOB", "NOT_TARGETED", "NOT_NEWER", "VETOED",
            "UPDATE_AVAILABLE");

    private PlanParser() {
    }

    public static Plan parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new PlanException("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() : ""));
        }
        if (root == null || !root.isObject()) {
            throw new PlanException("plan: must be a mapping with name, board, images and cases");
        }
        onlyFields(root, "plan", "name", "description", "board", "images", "cases");
        String name = text(root, "name", "name", true);
        if (!NAME.matcher(name).matches()) {
            throw new PlanException("name: must be 1..64 characters of [A-Za-z0-9._-], got '" + name + "'");
        }
        String description = text(root, "description", "description", false);
        Plan.BoardRequirements board = board(root.get("board"));
        Map<String, ImageSpec> images = images(root.get("images"));
        JsonNode casesNode = root.get("cases");
        if (casesNode == null || !casesNode.isArray() || casesNode.isEmpty()) {
            throw new PlanException("cases: must be a non-empty list");
        }
        List<Plan.TestCase> cases = new ArrayList<>();
        Set<String> caseNames = new java.util.HashSet<>();
        for (int i = 0; i < casesNode.size(); i++) {
            JsonNode c = casesNode.get(i);
            String where = "cases[" + i + "]";
            if (!c.isObject()) {
                throw new PlanException(where + ": must be a mapping with name and steps");
            }
            onlyFields(c, where, "name", "description", "steps");
            String cname = text(c, "name", where + ".name", true);
            if (!NAME.matcher(cname).matches()) {
                throw new PlanException(where + ".name: must be 1..64 characters of [A-Za-z0-9._-], got '" + cname + "'");
            }
            if (!caseNames.add(cname)) {
                throw new PlanException(where + ".name: duplicate case name '" + cname + "'");
            }
            where = where + " (" + cname + ")";
            JsonNode stepsNode = c.get("steps");
            if (stepsNode == null || !stepsNode.isArray() || stepsNode.isEmpty()) {
                throw new PlanException(where + ".steps: must be a non-empty list");
            }
            List<Step> steps = new ArrayList<>();
            for (int j = 0; j < stepsNode.size(); j++) {
                steps.add(step(stepsNode.get(j), where + ".steps[" + j + "]", images));
            }
            cases.add(new Plan.TestCase(cname, text(c, "description", where + ".description", false), List.copyOf(steps)));
        }
        return new Plan(name, description == null ? "" : description, board, images, List.copyOf(cases));
    }

    private static Plan.BoardRequirements board(JsonNode b) {
        if (b == null || b.isNull()) {
            return new Plan.BoardRequirements(null, null, List.of());
        }
        if (!b.isObject()) {
            throw new PlanException("board: must be a mapping (kit, flashmap, capabilities)");
        }
        onlyFields(b, "board", "kit", "flashmap", "capabilities");
        return new Plan.BoardRequirements(text(b, "kit", "board.kit", false), text(b, "flashmap", "board.flashmap", false),
                stringList(b.get("capabilities"), "board.capabilities"));
    }

    private static Map<String, ImageSpec> images(JsonNode n) {
        Map<String, ImageSpec> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw new PlanException("images: must be a mapping of image name to image");
        }
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "images." + e.getKey();
            if (!NAME.matcher(e.getKey()).matches()) {
                throw new PlanException(where + ": image names are 1..64 characters of [A-Za-z0-9._-]");
            }
            JsonNode v = e.getValue();
            if (!v.isObject()) {
                throw new PlanException(where + ": must be a mapping (file | fill | version+role)");
            }
            if (v.has("file")) {
                onlyFields(v, where, "file");
                out.put(e.getKey(), new ImageSpec.FromFile(text(v, "file", where + ".file", true)));
            } else if (v.has("fill")) {
                onlyFields(v, where, "fill", "size");
                int value = (int) integer(v, "fill", where + ".fill", true, 0, 255);
                int size = (int) integer(v, "size", where + ".size", true, 1, 16 * 1024 * 1024);
                out.put(e.getKey(), new ImageSpec.Fill(value, size));
            } else {
                onlyFields(v, where, "version", "role", "app", "untrusted");
                String version = text(v, "version", where + ".version", true);
                if (!version.matches("\\d+(\\.\\d+){0,3}(\\+\\d+)?")) {
                    throw new PlanException(where + ".version: must look like 1.2.3 or 1.2.3+4, got '" + version + "'");
                }
                String role = text(v, "role", where + ".role", true);
                if (!ROLES.contains(role)) {
                    throw new PlanException(where + ".role: must be one of " + ROLES + ", got '" + role + "'");
                }
                Map<String, Object> app = null;
                JsonNode a = v.get("app");
                if (a != null && !a.isNull()) {
                    if (!a.isObject()) {
                        throw new PlanException(where + ".app: must be a mapping (the emulated-app TLV 0x00A0 JSON)");
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = JSON.convertValue(a, LinkedHashMap.class);
                    app = m;
                }
                JsonNode u = v.get("untrusted");
                if (u != null && !u.isBoolean()) {
                    throw new PlanException(where + ".untrusted: must be true or false");
                }
                out.put(e.getKey(), new ImageSpec.Signed(version, role, app, u != null && u.asBoolean()));
            }
        }
        return out;
    }

    private static Step step(JsonNode s, String where, Map<String, ImageSpec> images) {
        if (s == null || !s.isObject() || s.size() != 1) {
            throw new PlanException(where + ": a step is a mapping with exactly one key, one of " + STEP_KINDS);
        }
        String kind = s.fieldNames().next();
        if (!STEP_KINDS.contains(kind)) {
            throw new PlanException(where + ": unknown step '" + kind + "', expected one of " + STEP_KINDS);
        }
        JsonNode a = s.get(kind);
        String w = where + "." + kind;
        if (kind.equals("wait") && a.isNumber()) {
            return new Step.Wait(integer(s, "wait", w, true, 0, 3_600_000));
        }
        if (kind.equals("send") && a.isTextual()) {
            return new Step.Send(a.asText());
        }
        if (!a.isObject()) {
            throw new PlanException(w + ": must be a mapping of the step's fields");
        }
        switch (kind) {
            case "program" -> {
                onlyFields(a, w, "area", "image");
                String area = text(a, "area", w + ".area", true);
                String image = text(a, "image", w + ".image", true);
                if (!images.containsKey(image)) {
                    throw new PlanException(w + ".image: unknown image '" + image + "', the plan defines " + images.keySet());
                }
                return new Step.Program(area, image);
            }
            case "power" -> {
                onlyFields(a, w, "action", "offMs");
                // YAML 1.1 reads unquoted on/off as booleans
                JsonNode act = a.get("action");
                String action = act != null && act.isBoolean() ? (act.asBoolean() ? "on" : "off")
                        : oneOf(a, "action", w, Set.of("on", "off", "cycle"));
                Long off = a.has("offMs") ? integer(a, "offMs", w + ".offMs", true, 0, 3_600_000) : null;
                return new Step.Power(action, off);
            }
            case "button" -> {
                onlyFields(a, w, "action", "ms");
                String action = oneOf(a, "action", w, Set.of("press", "hold", "release"));
                Long ms = a.has("ms") ? integer(a, "ms", w + ".ms", true, 0, 3_600_000) : null;
                return new Step.Button(action, ms);
            }
            case "expect" -> {
                onlyFields(a, w, "pattern", "notMatching", "timeoutMs");
                String pattern = text(a, "pattern", w + ".pattern", true);
                regex(pattern, w + ".pattern");
                List<String> not = stringList(a.get("notMatching"), w + ".notMatching");
                for (int i = 0; i < not.size(); i++) {
                    regex(not.get(i), w + ".notMatching[" + i + "]");
                }
                long timeout = a.has("timeoutMs") ? integer(a, "timeoutMs", w + ".timeoutMs", true, 1, 3_600_000) : 5000;
                return new Step.Expect(pattern, not, timeout);
            }
            case "send" -> {
                onlyFields(a, w, "text");
                return new Step.Send(text(a, "text", w + ".text", true));
            }
            case "led" -> {
                onlyFields(a, w, "periodMs", "tolerancePct", "windowMs");
                long period = integer(a, "periodMs", w + ".periodMs", true, 1, 60_000);
                double tol = 10;
                if (a.has("tolerancePct")) {
                    JsonNode t = a.get("tolerancePct");
                    if (!t.isNumber() || t.asDouble() < 0 || t.asDouble() > 100) {
                        throw new PlanException(w + ".tolerancePct: must be a number 0..100");
                    }
                    tol = t.asDouble();
                }
                long window = a.has("windowMs") ? integer(a, "windowMs", w + ".windowMs", true, 1, 60_000) : 3000;
                if (window < 2 * period) {
                    throw new PlanException(w + ".windowMs: must be at least 2 × periodMs (" + 2 * period
                            + ") to see two edges, got " + window);
                }
                return new Step.Led(period, tol, window);
            }
            case "fault" -> {
                onlyFields(a, w, "powerLossAtFlashOp", "powerLossAfterMs");
                Long at = a.has("powerLossAtFlashOp")
                        ? integer(a, "powerLossAtFlashOp", w + ".powerLossAtFlashOp", true, 1, Long.MAX_VALUE) : null;
                Long after = a.has("powerLossAfterMs")
                        ? integer(a, "powerLossAfterMs", w + ".powerLossAfterMs", true, 0, 3_600_000) : null;
                if ((at == null) == (after == null)) {
                    throw new PlanException(w + ": give exactly one of powerLossAtFlashOp, powerLossAfterMs");
                }
                return new Step.Fault(at, after);
            }
            case "wait" -> {
                onlyFields(a, w, "ms");
                return new Step.Wait(integer(a, "ms", w + ".ms", true, 0, 3_600_000));
            }
            case "upload" -> {
                onlyFields(a, w, "image", "board", "saveAs");
                String image = text(a, "image", w + ".image", true);
                ImageSpec spec = images.get(image);
                if (spec == null) {
                    throw new PlanException(w + ".image: unknown image '" + image + "', the plan defines " + images.keySet());
                }
                if (!(spec instanceof ImageSpec.Signed signed) || !signed.role().equals("ota")) {
                    throw new PlanException(w + ".image: '" + image + "' must be a signed image with role ota"
                            + " (the build's .bin: not padded, no trailer)");
                }
                String saveAs = a.has("saveAs") ? text(a, "saveAs", w + ".saveAs", true) : "digest";
                return new Step.Upload(image, board(a, w), variableName(saveAs, w + ".saveAs"));
            }
            case "job" -> {
                onlyFields(a, w, "board", "digest", "broker", "port", "serialNumbers", "delete");
                JsonNode d = a.get("delete");
                if (d != null && !d.isBoolean()) {
                    throw new PlanException(w + ".delete: must be true or false");
                }
                boolean delete = d != null && d.asBoolean();
                if (delete) {
                    onlyFields(a, w, "board", "delete");
                    return new Step.Job(board(a, w), null, null, null, List.of(), true);
                }
                String digest = digest(a, w);
                String broker = a.has("broker") ? text(a, "broker", w + ".broker", false) : "";
                String port = "";
                if (a.has("port")) {
                    JsonNode pn = a.get("port");
                    port = pn.isIntegralNumber() ? pn.asText() : text(a, "port", w + ".port", false);
                    if (!port.isEmpty() && !(port.matches("\\d{1,5}") && Integer.parseInt(port) <= 65535)) {
                        throw new PlanException(w + ".port: must be empty or 0..65535, got '" + port + "'");
                    }
                }
                if (broker != null && !broker.isEmpty() && (port.isEmpty() || Integer.parseInt(port) == 0)) {
                    throw new PlanException(w + ".port: a broker needs a non-zero port (the device would connect to port 0)");
                }
                return new Step.Job(board(a, w), digest, broker == null ? "" : broker, port,
                        stringList(a.get("serialNumbers"), w + ".serialNumbers"), false);
            }
            case "waitVersion" -> {
                onlyFields(a, w, "version", "board", "serialNumber", "decision", "timeoutMs");
                String version = version(a, w);
                String decision = text(a, "decision", w + ".decision", false);
                if (decision != null && !DECISIONS.contains(decision)) {
                    throw new PlanException(w + ".decision: must be one of " + new java.util.TreeSet<>(DECISIONS)
                            + ", got '" + decision + "'");
                }
                long timeout = a.has("timeoutMs") ? integer(a, "timeoutMs", w + ".timeoutMs", true, 1, 3_600_000) : 120_000;
                return new Step.WaitVersion(version, board(a, w), text(a, "serialNumber", w + ".serialNumber", false),
                        decision, timeout);
            }
            case "campaign" -> {
                return CampaignStepParser.parse(a, w);
            }
            case "blocked" -> {
                onlyFields(a, w, "version", "board", "serialNumber", "clear");
                JsonNode c = a.get("clear");
                if (c != null && !c.isBoolean()) {
                    throw new PlanException(w + ".clear: must be true or false");
                }
                return new Step.Blocked(version(a, w), board(a, w), text(a, "serialNumber", w + ".serialNumber", false),
                        c != null && c.asBoolean());
            }
            default -> throw new IllegalStateException(kind);
        }
    }

    /** {@code version}: a.b.c as a device reports it, or a variable. */
    static String version(JsonNode a, String w) {
        String version = text(a, "version", w + ".version", true);
        if (!VERSION3.matcher(version).matches() && !hasVariable(version)) {
            throw new PlanException(w + ".version: must be a.b.c as the device reports it, got '" + version + "'");
        }
        return version;
    }

    /** {@code digest}: an image-store digest (hex) or a variable such as {@code ${digest}}. */
    static String digest(JsonNode a, String w) {
        String digest = text(a, "digest", w + ".digest", true);
        if (!digest.matches("[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128}") && !hasVariable(digest)) {
            throw new PlanException(w + ".digest: must be an image digest (hex) or a variable such as ${digest}, got '"
                    + digest + "'");
        }
        return digest;
    }

    static String variableName(String name, String where) {
        if (!VARIABLE.matcher(name).matches()) {
            throw new PlanException(where + ": must be a variable name [A-Za-z][A-Za-z0-9_]*, got '" + name + "'");
        }
        return name;
    }

    /** The step's board string; default the board under test's ({@value #OTA_BOARD}). */
    static String board(JsonNode a, String w) {
        String b = text(a, "board", w + ".board", false);
        if (b == null) {
            return OTA_BOARD;
        }
        if (!hasVariable(b) && !b.matches("[\\x21-\\x7E&&[^/+#\"\\\\]]{1,47}")) {
            throw new PlanException(w + ".board: must be a board string (CY_TARGET_BOARD_STRING: 1..47 printable"
                    + " characters without / + # \" \\), got '" + b + "'");
        }
        return b;
    }

    private static boolean hasVariable(String s) {
        return s.matches(".*\\$\\{[A-Za-z][A-Za-z0-9_]*}.*");
    }

    private static void regex(String p, String where) {
        try {
            // ${name} is replaced at run time by a variable captured earlier in the case
            Pattern.compile(p.replaceAll("\\$\\{[A-Za-z][A-Za-z0-9_]*}", "x"));
        } catch (PatternSyntaxException e) {
            throw new PlanException(where + ": invalid regex: " + e.getDescription() + " near index " + e.getIndex());
        }
    }

    static String oneOf(JsonNode n, String field, String where, Set<String> allowed) {
        String v = text(n, field, where + "." + field, true);
        if (!allowed.contains(v)) {
            throw new PlanException(where + "." + field + ": must be one of " + allowed + ", got '" + v + "'");
        }
        return v;
    }

    static void onlyFields(JsonNode n, String where, String... allowed) {
        Set<String> ok = Set.of(allowed);
        Iterator<String> it = n.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!ok.contains(f)) {
                throw new PlanException((where.equals("plan") ? "" : where + ".") + f + ": unknown field, expected one of "
                        + List.of(allowed));
            }
        }
    }

    static String text(JsonNode n, String field, String where, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new PlanException(where + ": is required");
            }
            return null;
        }
        if (!v.isValueNode() || v.isBoolean()) {
            throw new PlanException(where + ": must be a string");
        }
        String s = v.asText();
        if (required && s.isEmpty()) {
            throw new PlanException(where + ": must not be empty");
        }
        return s;
    }

    static long integer(JsonNode n, String field, String where, boolean required, long min, long max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new PlanException(where + ": is required");
        }
        long x;
        if (v.isIntegralNumber()) {
            x = v.asLong();
        } else if (v.isTextual() && v.asText().matches("0[xX][0-9a-fA-F]+")) {
            x = Long.parseLong(v.asText().substring(2), 16);
        } else {
            throw new PlanException(where + ": must be an integer, got " + v);
        }
        if (x < min || x > max) {
            throw new PlanException(where + ": must be in " + min + ".." + max + ", got " + x);
        }
        return x;
    }

    static List<String> stringList(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new PlanException(where + ": must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) {
                throw new PlanException(where + "[" + i + "]: must be a string");
            }
            out.add(n.get(i).asText());
        }
        return List.copyOf(out);
    }
}
