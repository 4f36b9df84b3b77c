package dev.otalab.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The files under deploy/k8s themselves: copies, kustomize subset, documentation. */
class SourcesTest {

    /**
     * kustomize refuses files outside a kustomization's root, so base/mosquitto keeps copies of
     * deploy/mosquitto's files: they must stay identical.
     */
    @Test
    void brokerConfigCopiesMatchDeployMosquitto() throws IOException {
        Path root = DeployTools.root();
        for (String file : List.of("mosquitto.conf", "acl")) {
            assertThat(Files.readAllBytes(root.resolve("deploy/k8s/base/mosquitto").resolve(file)))
                    .as("deploy/k8s/base/mosquitto/%s is a copy of deploy/mosquitto/%s: cp deploy/mosquitto/%s deploy/k8s/base/mosquitto/", file, file, file)
                    .isEqualTo(Files.readAllBytes(root.resolve("deploy/mosquitto").resolve(file)));
        }
    }

    /**
     * The kustomizations stay within what Debian's kubectl 1.20 (kustomize v2.0.3) renders, as well as
     * kustomize v5: CI machines have a v5 kubectl, so without this check a v5-only field would pass
     * CI and break `./otalab test` on a fresh Debian machine.
     */
    @Test
    void kustomizationsUseOnlyFieldsKustomizeV2Knows() throws IOException {
        Set<String> allowed = Set.of("resources", "bases", "namespace", "configMapGenerator", "secretGenerator",
                "patchesStrategicMerge", "patchesJson6902", "images", "namePrefix", "nameSuffix",
                "commonAnnotations", "generatorOptions");
        List<Path> files;
        try (Stream<Path> s = Files.walk(DeployTools.k8s())) {
            files = s.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .filter(p -> !p.toString().contains("node_modules")).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        for (Path file : files) {
            JsonNode k = DeployTools.YAML.readTree(file.toFile());
            List<String> fields = new ArrayList<>();
            k.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as("%s", file).isSubsetOf(allowed);
            // kustomize v2 takes only files in `resources`; directories go in `bases`.
            for (JsonNode r : k.path("resources")) {
                assertThat(file.getParent().resolve(r.asText())).as("%s: resource %s", file, r.asText()).isRegularFile();
            }
            for (JsonNode b : k.path("bases")) {
                assertThat(file.getParent().resolve(b.asText()).resolve("kustomization.yaml")).as("%s: base %s", file, b.asText()).isRegularFile();
            }
        }
    }

    /** docs/deploy.md tells the operator about every object the manifests expect them to create. */
    @Test
    void deployDocNamesEverySecretToCreate() throws IOException {
        String doc = Files.readString(DeployTools.root().resolve("docs/deploy.md"));
        Set<String> external = new java.util.TreeSet<>(DeployTools.EXTERNAL_ALWAYS);
        external.addAll(DeployTools.EXTERNAL_LAB_ONLY);
        for (String ref : external) {
            assertThat(doc).as("docs/deploy.md mentions %s", ref).contains(ref.substring(ref.indexOf('/') + 1));
        }
        assertThat(doc).contains("kubectl apply -k deploy/k8s/overlays/lab");
    }
}
