package dev.otalab.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders deploy/k8s overlays with {@code kubectl kustomize} and runs deploy/k8s/test/check.mjs on
 * the result. Every tool it needs is checked once; a missing one fails the test with a message that
 * says what to install.
 */
final class DeployTools {

    /** Objects that the operator creates by hand in every overlay (docs/deploy.md, "Secrets"). */
    static final Set<String> EXTERNAL_ALWAYS = Set.of(
            "Secret/otalab-signing-keys",
            "Secret/otalab-mqtt-server-tls",
            "Secret/otalab-mqtt-client-tls",
            "ConfigMap/otalab-trusted-keys");
    /** ... and those only the lab overlay needs (the dev overlay generates its own). */
    static final Set<String> EXTERNAL_LAB_ONLY = Set.of("Secret/otalab-db");

    static final ObjectMapper JSON = new ObjectMapper();
    static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

    private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();
    private static volatile boolean npmReady;

    private DeployTools() {
    }

    static Path root() {
        String root = System.getProperty("otalab.root");
        Path p = root != null ? Path.of(root) : Path.of("../..");
        p = p.toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("deploy/k8s"))) {
            throw new IllegalStateException("deploy/k8s not found under " + p + " (set -Dotalab.root)");
        }
        return p;
    }

    static Path k8s() {
        return root().resolve("deploy/k8s");
    }

    static Path checkerDir() {
        return k8s().resolve("test");
    }

    static Set<String> externalFor(String overlay) {
        Set<String> all = new java.util.TreeSet<>(EXTERNAL_ALWAYS);
        if (overlay.equals("lab")) {
            all.addAll(EXTERNAL_LAB_ONLY);
        }
        return all;
    }

    static String kubectl() {
        String configured = System.getProperty("otalab.kubectl", System.getenv("OTALAB_KUBECTL"));
        return configured != null && !configured.isBlank() ? configured : "kubectl";
    }

    /** {@code kubectl kustomize deploy/k8s/overlays/<overlay>}, cached per overlay. */
    static String render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> {
            Result r = run(k8s(), List.of(kubectl(), "kustomize", "overlays/" + o), null, 120,
                    "kubectl",
                    "the deploy checks render deploy/k8s with `kubectl kustomize`: install kubectl "
                            + "(Debian: apt-get install kubernetes-client; `./otalab test` does this when "
                            + "kubectl is missing), or name one with -Dotalab.kubectl=PATH");
            if (r.exit != 0) {
                throw new AssertionError("kubectl kustomize overlays/" + o + " failed (exit " + r.exit + "):\n" + r.err);
            }
            return r.out;
        });
    }

    /** The rendered objects of an overlay as mutable JSON trees. */
    static List<ObjectNode> objects(String overlay) {
        return parse(render(overlay));
    }

    static List<ObjectNode> parse(String yaml) {
        try {
            List<ObjectNode> docs = new ArrayList<>();
            try (var it = YAML.readValues(YAML.getFactory().createParser(yaml), JsonNode.class)) {
                while (it.hasNext()) {
                    JsonNode n = it.next();
                    if (n != null && n.isObject()) {
                        docs.add((ObjectNode) n);
                    }
                }
            }
            return docs;
        } catch (IOException e) {
            throw new AssertionError("rendered manifests are not YAML", e);
        }
    }

    /** Runs check.mjs on the given objects (written as a JSON-per-document YAML stream). */
    static CheckResult check(List<? extends JsonNode> objects, Set<String> external) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode o : objects) {
            sb.append("---\n").append(o.toString()).append('\n');
        }
        return checkYaml(sb.toString(), external);
    }

    static CheckResult checkYaml(String yaml, Set<String> external) {
        ensureNpm();
        List<String> cmd = new ArrayList<>(List.of("node", "check.mjs"));
        for (String e : external) {
            cmd.add("--external");
            cmd.add(e);
        }
        cmd.add("-");
        Result r = run(checkerDir(), cmd, yaml, 120, "node", nodeHint());
        if (r.exit != 0 && r.exit != 1) {
            throw new AssertionError("check.mjs could not run (exit " + r.exit + "):\n" + r.err);
        }
        try {
            JsonNode json = JSON.readTree(r.out);
            List<CheckResult.Problem> problems = new ArrayList<>();
            for (JsonNode p : json.get("problems")) {
                problems.add(new CheckResult.Problem(p.get("object").asText(), p.get("path").asText(), p.get("message").asText()));
            }
            return new CheckResult(json.get("objects").size(), problems);
        } catch (IOException e) {
            throw new AssertionError("check.mjs printed no JSON:\n" + r.out + "\n" + r.err, e);
        }
    }

    private static String nodeHint() {
        return "the deploy checks run deploy/k8s/test/check.mjs with Node.js 18 or newer and npm: install "
                + "them (Debian: apt-get install nodejs npm; `./otalab test` does this when they are missing)";
    }

    /** {@code npm ci} in deploy/k8s/test when node_modules is missing or older than the lockfile. */
    private static synchronized void ensureNpm() {
        if (npmReady) {
            return;
        }
        Path dir = checkerDir();
        Path marker = dir.resolve("node_modules/.package-lock.json");
        try {
            FileTime lock = Files.getLastModifiedTime(dir.resolve("package-lock.json"));
            FileTime pkg = Files.getLastModifiedTime(dir.resolve("package.json"));
            boolean current = Files.isRegularFile(marker)
                    && Files.getLastModifiedTime(marker).compareTo(lock) >= 0
                    && Files.getLastModifiedTime(marker).compareTo(pkg) >= 0;
            if (!current) {
                Result r = run(dir, List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), null, 600,
                        "npm", nodeHint());
                if (r.exit != 0) {
                    throw new AssertionError("npm ci in " + dir + " failed (exit " + r.exit + "):\n" + r.out + r.err);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + dir, e);
        }
        npmReady = true;
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(Path dir, List<String> cmd, String stdin, int timeoutSeconds, String tool, String hint) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("deploy-check", ".out");
            err = Files.createTempFile("deploy-check", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new AssertionError(tool + " not found (" + cmd.get(0) + "): " + hint, e);
            }
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new AssertionError("running " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            try {
                if (out != null) Files.deleteIfExists(out);
                if (err != null) Files.deleteIfExists(err);
            } catch (IOException ignored) {
                // temp files
            }
        }
    }
}
