package dev.otalab.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static dev.otalab.deploycheck.Manifests.admittedPods;
import static dev.otalab.deploycheck.Manifests.all;
import static dev.otalab.deploycheck.Manifests.container;
import static dev.otalab.deploycheck.Manifests.find;
import static dev.otalab.deploycheck.Manifests.generated;
import static dev.otalab.deploycheck.Manifests.get;
import static dev.otalab.deploycheck.Manifests.volume;
import static org.assertj.core.api.Assertions.assertThat;

/** Both overlays render, pass every check of check.mjs, and agree with the services' own config. */
class RenderedOverlaysTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "lab"})
    void everyRenderedObjectPassesTheChecks(String overlay) {
        CheckResult result = DeployTools.checkYaml(DeployTools.render(overlay), DeployTools.externalFor(overlay));
        assertThat(result.problems()).as("problems in overlays/%s:%s", overlay, result.describe()).isEmpty();
        assertThat(result.objectCount()).isEqualTo(DeployTools.objects(overlay).size()).isGreaterThan(15);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "lab"})
    void everyObjectIsInTheOtalabNamespace(String overlay) {
        for (ObjectNode o : DeployTools.objects(overlay)) {
            assertThat(o.path("metadata").path("namespace").asText())
                    .as("%s/%s", o.path("kind").asText(), o.path("metadata").path("name").asText())
                    .isEqualTo("otalab");
        }
    }

    /** Port, probes, metrics and image of each Quarkus service match its application.properties. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "lab"})
    void quarkusServicesMatchTheirApplicationProperties(String overlay) {
        List<ObjectNode> objects = DeployTools.objects(overlay);
        for (Map.Entry<String, String> svc : Manifests.QUARKUS_SERVICES.entrySet()) {
            String name = svc.getKey();
            var deployment = find(objects, "Deployment", name);
            if (name.equals("emulator") && overlay.equals("lab")) {
                assertThat(deployment).as("the lab has real kits, no emulator").isEmpty();
                continue;
            }
            assertThat(deployment).as("Deployment/%s in overlays/%s", name, overlay).isPresent();
            Properties props = Manifests.applicationProperties(svc.getValue());
            String port = props.getProperty("quarkus.http.port", "8080");
            String metricsPath = props.getProperty("quarkus.micrometer.export.prometheus.path", "/q/metrics");

            ObjectNode d = deployment.get();
            ObjectNode c = container(d, name);
            assertThat(c.path("image").asText()).isEqualTo("otalab/" + name + ":0.1.0");
            assertThat(c.path("ports").get(0).path("containerPort").asText()).as("%s port", name).isEqualTo(port);
            assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
            assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
            assertThat(c.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/started");

            JsonNode annotations = d.path("spec").path("template").path("metadata").path("annotations");
            assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
            assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo(metricsPath);
            assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(port);

            ObjectNode service = get(objects, "Service", name);
            assertThat(service.path("spec").path("ports").get(0).path("port").asText()).isEqualTo(port);
            assertThat(get(objects, "PodDisruptionBudget", name)).isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "lab"})
    void signingKeysAreMountedReadOnlyWhereTheServiceReadsThem(String overlay) {
        List<ObjectNode> objects = DeployTools.objects(overlay);
        ObjectNode signing = get(objects, "Deployment", "signing-service");
        String keysDir = Manifests.applicationProperties("services/signing-service").getProperty("otalab.signing.keys-dir");
        JsonNode mount = null;
        for (JsonNode m : container(signing, "signing-service").path("volumeMounts")) {
            if (m.path("name").asText().equals("signing-keys")) {
                mount = m;
            }
        }
        assertThat(mount).as("signing-keys mount").isNotNull();
        assertThat(mount.path("mountPath").asText()).isEqualTo(keysDir);
        assertThat(mount.path("readOnly").asBoolean()).isTrue();
        assertThat(volume(signing, "signing-keys").orElseThrow().path("secret").path("secretName").asText())
                .isEqualTo("otalab-signing-keys");

        // No other pod can read the private keys.
        for (ObjectNode w : Manifests.workloads(objects)) {
            if (w != signing) {
                assertThat(w.toString()).as("%s", w.path("metadata").path("name").asText()).doesNotContain("otalab-signing-keys");
            }
        }
    }

    /** The service client key goes to the two MQTT services only; virtual kits get the CA alone. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "lab"})
    void onlyTheOtaServicesHoldTheBrokerServiceKey(String overlay) {
        List<ObjectNode> objects = DeployTools.objects(overlay);
        for (ObjectNode w : Manifests.workloads(objects)) {
            String name = w.path("metadata").path("name").asText();
            for (JsonNode v : Manifests.podSpec(w).path("volumes")) {
                if (!v.path("secret").path("secretName").asText().equals("otalab-mqtt-client-tls")) {
                    continue;
                }
                if (name.equals("image-store") || name.equals("job-service")) {
                    assertThat(v.path("secret").has("items")).as("%s mounts the whole secret", name).isFalse();
                } else {
                    assertThat(name).isEqualTo("emulator");
                    assertThat(v.path("secret").path("items").toString()).isEqualTo("[{\"key\":\"ca.crt\",\"path\":\"ca.crt\"}]");
                }
            }
        }
    }

    /** Who may open a connection to whom, as the NetworkPolicies say. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "lab"})
    void networkPoliciesAdmitOnlyTheIntendedClients(String overlay) {
        List<ObjectNode> objects = DeployTools.objects(overlay);
        assertThat(get(objects, "NetworkPolicy", "default-deny-ingress").path("spec").path("podSelector").isEmpty()).isTrue();
        assertThat(admittedPods(objects, "signing-service")).containsExactly("lab-controller");
        assertThat(Manifests.openToAll(objects, "signing-service")).isFalse();
        for (String open : List.of("image-store", "job-service", "lab-controller", "mosquitto")) {
            assertThat(Manifests.openToAll(objects, open)).as(open).isTrue();
        }
        if (overlay.equals("dev")) {
            assertThat(admittedPods(objects, "postgres"))
                    .containsExactly("image-store", "job-service", "lab-controller", "signing-service");
            assertThat(Manifests.openToAll(objects, "postgres")).isFalse();
            assertThat(admittedPods(objects, "emulator")).containsExactly("lab-controller");
            assertThat(Manifests.openToAll(objects, "emulator")).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "lab"})
    void brokerConfigIsDeployMosquittoUnchanged(String overlay) throws IOException {
        ObjectNode cm = generated(DeployTools.objects(overlay), "ConfigMap", "otalab-mosquitto");
        assertThat(cm.path("data").path("mosquitto.conf").asText())
                .isEqualTo(Files.readString(DeployTools.root().resolve("deploy/mosquitto/mosquitto.conf")));
        assertThat(cm.path("data").path("acl").asText())
                .isEqualTo(Files.readString(DeployTools.root().resolve("deploy/mosquitto/acl")));
        ObjectNode service = get(DeployTools.objects(overlay), "Service", "mosquitto");
        assertThat(service.path("spec").path("ports").findValuesAsText("port")).containsExactly("8883", "8884");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "lab"})
    void theNightlyRunIsTheControllersSchedule(String overlay) {
        List<ObjectNode> objects = DeployTools.objects(overlay);
        assertThat(all(objects, "CronJob")).isEmpty();
        ObjectNode config = generated(objects, "ConfigMap", "otalab-lab-controller");
        assertThat(config.path("data").path("OTALAB_CONTROLLER_NIGHTLY_CRON").asText()).isNotBlank();
        ObjectNode controller = get(objects, "Deployment", "lab-controller");
        assertThat(controller.path("spec").path("replicas").asInt()).as("one scheduler").isEqualTo(1);
        assertThat(controller.path("spec").path("strategy").path("type").asText()).isEqualTo("Recreate");
    }
}
