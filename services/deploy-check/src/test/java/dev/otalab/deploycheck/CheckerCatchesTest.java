package dev.otalab.deploycheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static dev.otalab.deploycheck.Manifests.container;
import static dev.otalab.deploycheck.Manifests.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proof that check.mjs catches what it claims to: each test breaks one thing in the real dev render
 * and expects exactly the problems that break causes, no fewer and no more.
 */
class CheckerCatchesTest {

    private static final String C0 = ".spec.template.spec.containers[0]";

    /** The dev render with one change applied, checked. */
    private static CheckResult checkWith(Consumer<List<ObjectNode>> change) {
        List<ObjectNode> objects = DeployTools.objects("dev");
        change.accept(objects);
        return DeployTools.check(objects, DeployTools.externalFor("dev"));
    }

    private static List<String> lines(CheckResult r) {
        return r.problems().stream().map(CheckResult.Problem::toString).toList();
    }

    private static void rename(ObjectNode node, String from, String to) {
        JsonNode value = node.remove(from);
        assertThat(value).as("field %s to rename", from).isNotNull();
        node.set(to, value);
    }

    @Test
    void theUnchangedRenderHasNoProblems() {
        assertThat(lines(checkWith(objects -> { }))).isEmpty();
    }

    @Test
    void aMisspeltFieldIsAnUnknownField() {
        CheckResult r = checkWith(objects ->
                rename(container(get(objects, "Deployment", "image-store"), "image-store"), "readinessProbe", "readinesProbe"));
        assertThat(lines(r)).containsExactlyInAnyOrder(
                "Deployment/image-store " + C0 + ".readinesProbe: unknown field \"readinesProbe\"",
                "Deployment/image-store " + C0 + ".readinessProbe: container \"image-store\" has no readinessProbe");
    }

    @Test
    void misspeltFieldsAreFoundAtEveryDepth() {
        CheckResult r = checkWith(objects -> {
            ObjectNode d = get(objects, "Deployment", "job-service");
            rename((ObjectNode) d.path("spec"), "replicas", "replica");
            rename((ObjectNode) d.path("metadata"), "labels", "label");
            ObjectNode sc = (ObjectNode) container(d, "job-service").path("securityContext");
            rename(sc, "readOnlyRootFilesystem", "readOnlyRootFileSystem");
            ObjectNode np = get(objects, "NetworkPolicy", "mosquitto");
            ObjectNode port = (ObjectNode) np.path("spec").path("ingress").get(0).path("ports").get(0);
            port.put("protocl", "TCP");
        });
        assertThat(lines(r)).containsExactlyInAnyOrder(
                "Deployment/job-service .spec.replica: unknown field \"replica\"",
                "Deployment/job-service .metadata.label: unknown field \"label\"",
                "Deployment/job-service " + C0 + ".securityContext.readOnlyRootFileSystem: unknown field \"readOnlyRootFileSystem\"",
                "Deployment/job-service " + C0 + ".securityContext.readOnlyRootFilesystem: container \"job-service\" has a writable root file system",
                "NetworkPolicy/mosquitto .spec.ingress[0].ports[0].protocl: unknown field \"protocl\"");
    }

    @Test
    void freeFormMapsTakeAnyKey() {
        CheckResult r = checkWith(objects -> {
            ObjectNode d = get(objects, "Deployment", "signing-service");
            ((ObjectNode) d.path("metadata").path("labels")).put("anything.example/unknown", "fine");
            ((ObjectNode) d.path("spec").path("template").path("metadata").path("annotations")).put("readinesProbe", "fine");
            ObjectNode cm = Manifests.generated(objects, "ConfigMap", "otalab-common");
            ((ObjectNode) cm.path("data")).put("SOME_NEW_SETTING", "x");
        });
        assertThat(lines(r)).isEmpty();
    }

    @Test
    void aWrongTypeFailsTheSchema() {
        CheckResult r = checkWith(objects ->
                ((ObjectNode) get(objects, "Deployment", "lab-controller").path("spec")).put("replicas", "two"));
        assertThat(lines(r)).hasSize(1).allMatch(l -> l.startsWith("Deployment/lab-controller .spec.replicas: schema: "));
    }

    @Test
    void aMissingProbeIsReported() {
        CheckResult r = checkWith(objects ->
                container(get(objects, "Deployment", "signing-service"), "signing-service").remove("livenessProbe"));
        assertThat(lines(r)).containsExactly(
                "Deployment/signing-service " + C0 + ".livenessProbe: container \"signing-service\" has no livenessProbe");
    }

    @Test
    void aProbeOnAnUndeclaredPortIsReported() {
        CheckResult r = checkWith(objects -> ((ObjectNode) container(get(objects, "Deployment", "mosquitto"), "mosquitto")
                .path("readinessProbe").path("tcpSocket")).put("port", "mqtt"));
        assertThat(lines(r)).containsExactly("Deployment/mosquitto " + C0
                + ".readinessProbe: container \"mosquitto\": readinessProbe port mqtt is not a port the container declares");
    }

    @Test
    void aDeploymentWithoutResourcesIsReported() {
        CheckResult r = checkWith(objects -> container(get(objects, "Deployment", "emulator"), "emulator").remove("resources"));
        assertThat(lines(r)).containsExactly(
                "Deployment/emulator " + C0 + ".resources: container \"emulator\" has no resources (requests and limits)");
    }

    @Test
    void aMissingLimitIsReported() {
        CheckResult r = checkWith(objects -> ((ObjectNode) container(get(objects, "Deployment", "job-service"), "job-service")
                .path("resources").path("limits")).remove("memory"));
        assertThat(lines(r)).containsExactly(
                "Deployment/job-service " + C0 + ".resources.limits.memory: container \"job-service\" has no memory limit");
    }

    @Test
    void aNetworkPolicyThatSelectsNothingIsReported() {
        CheckResult r = checkWith(objects -> ((ObjectNode) get(objects, "NetworkPolicy", "signing-service")
                .path("spec").path("podSelector").path("matchLabels")).put("app.kubernetes.io/name", "signing-svc"));
        assertThat(lines(r)).containsExactly(
                "NetworkPolicy/signing-service .spec.podSelector: NetworkPolicy podSelector selects no pod in namespace \"otalab\"");
    }

    @Test
    void aNetworkPolicyPeerThatSelectsNothingIsReported() {
        CheckResult r = checkWith(objects -> {
            // A typo in one value of the database's client list: the other three still match.
            ArrayNode values = (ArrayNode) get(objects, "NetworkPolicy", "postgres").path("spec").path("ingress").get(0)
                    .path("from").get(0).path("podSelector").path("matchExpressions").get(0).path("values");
            values.set(2, values.textNode("jobs-service"));
            // And a peer whose only label is wrong.
            ((ObjectNode) get(objects, "NetworkPolicy", "emulator").path("spec").path("ingress").get(0).path("from").get(0)
                    .path("podSelector").path("matchLabels")).put("app.kubernetes.io/name", "controller");
        });
        assertThat(lines(r)).containsExactlyInAnyOrder(
                "NetworkPolicy/postgres .spec.ingress[0].from[0].podSelector.matchExpressions[0]: "
                        + "NetworkPolicy peer podSelector: value \"jobs-service\" of app.kubernetes.io/name selects no pod",
                "NetworkPolicy/emulator .spec.ingress[0].from[0].podSelector: "
                        + "NetworkPolicy peer podSelector selects no pod in namespace \"otalab\"");
    }

    @Test
    void aNamedPortNoSelectedPodHasIsReported() {
        CheckResult r = checkWith(objects -> ((ObjectNode) get(objects, "NetworkPolicy", "postgres").path("spec").path("ingress").get(0)
                .path("ports").get(0)).put("port", "pg"));
        assertThat(lines(r)).containsExactly(
                "NetworkPolicy/postgres .spec.ingress[0].ports[0]: named port \"pg\" is declared by none of the selected pods");
    }

    @Test
    void aServiceThatSelectsNothingIsReported() {
        CheckResult r = checkWith(objects -> ((ObjectNode) get(objects, "Service", "job-service").path("spec").path("selector"))
                .put("app.kubernetes.io/name", "jobservice"));
        assertThat(lines(r)).containsExactly(
                "Service/job-service .spec.selector: Service selector selects no pod in namespace \"otalab\"");
    }

    @Test
    void aDanglingSecretReferenceIsReported() {
        CheckResult r = checkWith(objects -> ((ObjectNode) Manifests.volume(get(objects, "Deployment", "signing-service"), "signing-keys")
                .orElseThrow().path("secret")).put("secretName", "otalab-signing-key"));
        assertThat(lines(r)).containsExactly("Deployment/signing-service .spec.template.spec.volumes[1]: "
                + "Secret \"otalab-signing-key\" is neither in the manifests nor declared external");
    }

    @Test
    void aRootContainerIsReported() {
        CheckResult r = checkWith(objects -> {
            ObjectNode pod = (ObjectNode) Manifests.podSpec(get(objects, "Deployment", "image-store")).path("securityContext");
            pod.remove("runAsNonRoot");
            pod.put("runAsUser", 0);
        });
        assertThat(lines(r)).containsExactlyInAnyOrder(
                "Deployment/image-store " + C0 + ".securityContext.runAsNonRoot: container \"image-store\" may run as root",
                "Deployment/image-store " + C0 + ".securityContext.runAsUser: container \"image-store\" runs as user 0");
    }
}
