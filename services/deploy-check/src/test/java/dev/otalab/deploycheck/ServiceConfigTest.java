package dev.otalab.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.otalab.deploycheck.Manifests.all;
import static dev.otalab.deploycheck.Manifests.container;
import static dev.otalab.deploycheck.Manifests.find;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration the manifests give the services is configuration the services read: every
 * ConfigMap key a Quarkus service takes with {@code envFrom}, and every plain {@code env} entry, is
 * the environment form of a property some consumer's own sources name; every HTTP URL names a
 * Service of the render on one of its ports.
 */
class ServiceConfigTest {

    /** Not Quarkus config: read by the image's run-java.sh. */
    private static final String JAVA_OPTS = "JAVA_OPTS_APPEND";

    private static final Map<String, ServiceProperties> SOURCES = new java.util.concurrent.ConcurrentHashMap<>();

    private static ServiceProperties sources(String service) {
        return SOURCES.computeIfAbsent(service, s -> ServiceProperties.of(Manifests.QUARKUS_SERVICES.get(s)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "lab"})
    void everyConfigMapKeyIsReadBySomeServiceThatLoadsIt(String overlay) {
        List<ObjectNode> objects = DeployTools.objects(overlay);
        Map<String, List<String>> consumers = new LinkedHashMap<>();
        List<String> unread = new ArrayList<>();
        for (ObjectNode d : all(objects, "Deployment")) {
            String name = d.path("metadata").path("name").asText();
            if (!Manifests.QUARKUS_SERVICES.containsKey(name)) {
                continue;
            }
            ObjectNode c = container(d, name);
            for (JsonNode from : c.path("envFrom")) {
                consumers.computeIfAbsent(from.path("configMapRef").path("name").asText(), k -> new ArrayList<>()).add(name);
            }
            for (JsonNode e : c.path("env")) {
                String var = e.path("name").asText();
                if (!var.equals(JAVA_OPTS) && !sources(name).readsEnv(var)) {
                    unread.add(name + " env " + var);
                }
            }
        }
        assertThat(consumers).as("ConfigMaps loaded with envFrom").isNotEmpty();
        for (Map.Entry<String, List<String>> cm : consumers.entrySet()) {
            ObjectNode map = find(objects, "ConfigMap", cm.getKey()).orElseThrow();
            map.path("data").fieldNames().forEachRemaining(key -> {
                if (cm.getValue().stream().noneMatch(s -> sources(s).readsEnv(key))) {
                    unread.add(cm.getKey() + " " + key + " (loaded by " + cm.getValue() + ")");
                }
            });
        }
        assertThat(unread).as("configuration no service reads, overlays/%s", overlay).isEmpty();
    }

    /** The check above can fail: the settings the manifests used to carry are not read by anyone. */
    @Test
    void settingsNoServiceReadsAreRecognised() {
        assertThat(sources("lab-controller").unread(List.of("OTALAB_CONTROLLER_AGENTS", "OTALAB_SIGNING_SERVICE_URL",
                "OTALAB_IMAGE_STORE_URL", "OTALAB_MQTT_HOST", "OTALAB_CONTROLLER_SIGNING_SERVICE_URLS")))
                .containsExactly("OTALAB_CONTROLLER_AGENTS", "OTALAB_SIGNING_SERVICE_URL",
                        "OTALAB_IMAGE_STORE_URL", "OTALAB_MQTT_HOST", "OTALAB_CONTROLLER_SIGNING_SERVICE_URLS");
        assertThat(sources("emulator").unread(List.of("OTALAB_MQTT_HOST", "OTALAB_MQTT_CA_FILE", "OTALAB_OTA_TOPIC_PREPEND",
                "OTALAB_EMULATOR_OTA_BROKER", "OTALAB_EMULATOR_MQTT_HOST"))).hasSize(5);
        for (String s : List.of("signing-service", "image-store", "job-service")) {
            assertThat(sources(s).readsEnv("OTALAB_SIGNING_SERVICE_URL")).as(s).isFalse();
        }
        assertThat(sources("job-service").readsEnv("OTALAB_JOB_SERVICE_URL")).isFalse();
        assertThat(sources("image-store").readsEnv("OTALAB_IMAGE_STORE_URL")).isFalse();
    }

    /** ... and recognises what they read, through each kind of declaration. */
    @Test
    void settingsTheServicesReadAreRecognised() {
        // @ConfigProperty with and without an application.properties entry; ${...} in @Scheduled.
        assertThat(sources("lab-controller").unread(List.of("OTALAB_CONTROLLER_SIGNING_SERVICE_URL",
                "OTALAB_CONTROLLER_IMAGE_STORE_URL", "OTALAB_CONTROLLER_JOB_SERVICE_URL", "OTALAB_CONTROLLER_SIGNING_SERVICE_KEY_ID",
                "OTALAB_CONTROLLER_NIGHTLY_CRON", "OTALAB_CONTROLLER_NIGHTLY_BOARDS", "QUARKUS_DATASOURCE_JDBC_URL"))).isEmpty();
        // @ConfigMapping, nested group otalab.emulator.ota.*; @ConfigProperty otalab.controller-registration.*.
        assertThat(sources("emulator").unread(List.of("OTALAB_EMULATOR_OTA_HOST", "OTALAB_EMULATOR_OTA_CA_FILE",
                "OTALAB_EMULATOR_OTA_SERIAL_NUMBER", "OTALAB_EMULATOR_TRUSTED_KEY", "OTALAB_EMULATOR_BOARDS",
                "OTALAB_CONTROLLER_REGISTRATION_URL", "OTALAB_CONTROLLER_REGISTRATION_ADVERTISED_URL"))).isEmpty();
        assertThat(sources("image-store").unread(List.of("OTALAB_JOB_SERVICE_URL", "OTALAB_MQTT_HOST", "OTALAB_OTA_TOPIC_PREPEND")))
                .isEmpty();
        assertThat(sources("job-service").unread(List.of("OTALAB_IMAGE_STORE_URL", "OTALAB_MQTT_PORT"))).isEmpty();
        assertThat(sources("signing-service").unread(List.of("OTALAB_SIGNING_KEYS_DIR", "QUARKUS_DATASOURCE_PASSWORD"))).isEmpty();
    }

    /** Every http:// value in a ConfigMap names a Service of the render and one of its ports. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "lab"})
    void everyServiceUrlPointsAtAServiceAndItsPort(String overlay) {
        List<ObjectNode> objects = DeployTools.objects(overlay);
        int urls = 0;
        for (ObjectNode cm : all(objects, "ConfigMap")) {
            for (JsonNode value : cm.path("data")) {
                if (!value.asText().startsWith("http://")) {
                    continue;
                }
                urls++;
                URI uri = URI.create(value.asText());
                ObjectNode service = find(objects, "Service", uri.getHost())
                        .orElseThrow(() -> new AssertionError(value.asText() + ": no Service " + uri.getHost()));
                assertThat(service.path("spec").path("ports").findValuesAsText("port")).as(value.asText())
                        .contains(String.valueOf(uri.getPort()));
            }
        }
        assertThat(urls).isEqualTo(overlay.equals("dev") ? 7 : 5);
    }
}
