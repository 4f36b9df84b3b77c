package dev.otalab.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Small helpers to look into rendered objects. */
final class Manifests {

    /** The Quarkus services and where their application.properties live. */
    static final Map<String, String> QUARKUS_SERVICES = Map.of(
            "signing-service", "services/signing-service",
            "image-store", "services/image-store",
            "job-service", "services/job-service",
            "lab-controller", "services/lab-controller",
            "emulator", "emulator/service");

    private Manifests() {
    }

    static Optional<ObjectNode> find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText()) && name.equals(o.path("metadata").path("name").asText()))
                .findFirst();
    }

    static ObjectNode get(List<ObjectNode> objects, String kind, String name) {
        return find(objects, kind, name).orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in the render"));
    }

    static List<ObjectNode> all(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    /** The one ConfigMap or Secret generated from {@code name} (kustomize appends a content hash). */
    static ObjectNode generated(List<ObjectNode> objects, String kind, String name) {
        List<ObjectNode> hits = objects.stream()
                .filter(o -> kind.equals(o.path("kind").asText())
                        && o.path("metadata").path("name").asText().matches("\\Q" + name + "\\E-[a-z0-9]{10}"))
                .toList();
        if (hits.size() != 1) {
            throw new AssertionError("expected one generated " + kind + " " + name + "-<hash>, found " + hits.size());
        }
        return hits.get(0);
    }

    static ObjectNode container(ObjectNode workload, String name) {
        for (JsonNode c : workload.path("spec").path("template").path("spec").path("containers")) {
            if (name.equals(c.path("name").asText())) {
                return (ObjectNode) c;
            }
        }
        throw new AssertionError("no container " + name + " in " + workload.path("metadata").path("name").asText());
    }

    static JsonNode podSpec(ObjectNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    static Optional<JsonNode> volume(ObjectNode workload, String name) {
        for (JsonNode v : podSpec(workload).path("volumes")) {
            if (name.equals(v.path("name").asText())) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** Where {@code container} of {@code workload} mounts the volume {@code volume}. */
    static List<String> mountPaths(ObjectNode workload, String container, String volume) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : container(workload, container).path("volumeMounts")) {
            if (volume.equals(m.path("name").asText())) {
                out.add(m.path("mountPath").asText());
            }
        }
        return out;
    }

    /** Deployments and StatefulSets. */
    static List<ObjectNode> workloads(List<ObjectNode> objects) {
        List<ObjectNode> out = new ArrayList<>(all(objects, "Deployment"));
        out.addAll(all(objects, "StatefulSet"));
        return out;
    }

    static boolean matches(JsonNode selector, JsonNode labels) {
        Iterator<Map.Entry<String, JsonNode>> it = selector.path("matchLabels").fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expr : selector.path("matchExpressions")) {
            String value = labels.path(expr.path("key").asText()).asText(null);
            List<String> values = new ArrayList<>();
            expr.path("values").forEach(v -> values.add(v.asText()));
            boolean ok = switch (expr.path("operator").asText()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Names of the workloads whose pods a label selector selects. */
    static List<String> selectedWorkloads(List<ObjectNode> objects, JsonNode selector) {
        return workloads(objects).stream()
                .filter(w -> matches(selector, w.path("spec").path("template").path("metadata").path("labels")))
                .map(w -> w.path("metadata").path("name").asText())
                .sorted()
                .toList();
    }

    /**
     * Workloads admitted by in-namespace pod peers of the ingress rules of every NetworkPolicy that
     * selects {@code target}'s pods (peers with a namespaceSelector are outside the render).
     */
    static List<String> admittedPods(List<ObjectNode> objects, String target) {
        JsonNode labels = get(objects, workloadKind(objects, target), target).path("spec").path("template").path("metadata").path("labels");
        List<String> admitted = new ArrayList<>();
        for (ObjectNode np : all(objects, "NetworkPolicy")) {
            if (!matches(np.path("spec").path("podSelector"), labels)) {
                continue;
            }
            for (JsonNode rule : np.path("spec").path("ingress")) {
                for (JsonNode peer : rule.path("from")) {
                    if (peer.has("podSelector") && !peer.has("namespaceSelector")) {
                        admitted.addAll(selectedWorkloads(objects, peer.path("podSelector")));
                    }
                }
            }
        }
        return admitted.stream().distinct().sorted().toList();
    }

    /** True when some NetworkPolicy selecting {@code target} has an ingress rule open to every source. */
    static boolean openToAll(List<ObjectNode> objects, String target) {
        JsonNode labels = get(objects, workloadKind(objects, target), target).path("spec").path("template").path("metadata").path("labels");
        for (ObjectNode np : all(objects, "NetworkPolicy")) {
            if (matches(np.path("spec").path("podSelector"), labels)) {
                for (JsonNode rule : np.path("spec").path("ingress")) {
                    if (!rule.has("from") || rule.path("from").isEmpty()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String workloadKind(List<ObjectNode> objects, String name) {
        return find(objects, "Deployment", name).isPresent() ? "Deployment" : "StatefulSet";
    }

    static Properties applicationProperties(String serviceDir) {
        Path file = DeployTools.root().resolve(serviceDir).resolve("src/main/resources/application.properties");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
        return p;
    }
}
