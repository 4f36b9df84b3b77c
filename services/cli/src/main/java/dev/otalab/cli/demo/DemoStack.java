package dev.otalab.cli.demo;

import dev.otalab.stack.OtaBackend;
import dev.otalab.stack.OtalabService;
import dev.otalab.stack.ServiceProcess;
import dev.otalab.stack.client.EmulatorClient;
import dev.otalab.stack.client.LabControllerClient;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the demo runs, started from the built jars through services/stack: the OTA backend (TLS
 * Mosquitto, signing-service, image-store, job-service), the emulator service with the OTA agent on the
 * broker's mutual-TLS port (per-board certificates, fast agent timers) and one nightly board, and the
 * lab-controller with that board in its pool. Logs go to {@code <logDir>/<service>.log}.
 */
public final class DemoStack implements AutoCloseable {

    /** The nightly board: the kit and rollback swap layout both nightly plans ask for. */
    public static final String NIGHTLY_BOARD_ID = "nightly-1";
    public static final String NIGHTLY_KIT = "CY8CPROTO-062S2-43439";
    /** The code example's board string for that kit ({@code APP_} + kit name, {@code -} → {@code _}). */
    public static final String NIGHTLY_BOARD_STRING = "APP_CY8CPROTO_062S2_43439";

    private final OtaBackend backend;
    private ServiceProcess emulator;
    private ServiceProcess controller;

    private DemoStack(OtaBackend backend) {
        this.backend = backend;
    }

    /**
     * Starts the three tiers one after the other (the emulator needs the broker's certificates, the
     * controller the emulator's URL); anything started is stopped again when a later part fails.
     *
     * @param fleetBoard the board string of the campaign's kits (gets a client certificate too)
     * @param runId      makes the devices' serial numbers unique in the shared database
     */
    public static DemoStack start(Path root, Path logDir, String fleetBoard, String runId, Progress progress) {
        progress.say("starting the OTA backend: TLS Mosquitto, signing-service, image-store, job-service");
        OtaBackend backend = OtaBackend.builder().root(root).logDir(logDir)
                .boards(NIGHTLY_BOARD_STRING, fleetBoard).start();
        DemoStack stack = new DemoStack(backend);
        try {
            progress.say("starting the emulator service (board %s, OTA agent on the mutual-TLS port %d)",
                    NIGHTLY_BOARD_ID, backend.broker().mutualTlsPort());
            stack.emulator = stack.emulatorProcess(root, runId).start();
            progress.say("starting the lab-controller (plans of %s)", root.resolve("services/lab-controller/plans"));
            stack.controller = stack.controllerProcess(root).start();
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private ServiceProcess.Builder emulatorProcess(Path root, String runId) {
        var broker = backend.broker();
        return backend.serviceBuilder(OtalabService.EMULATOR)
                .property("otalab.emulator.flashmap-dir", root.resolve("flashmap").toString())
                .property("otalab.emulator.trusted-key", root.resolve("keys/otalab-test-ec-p256.pub.pem").toString())
                .property("otalab.emulator.boards", NIGHTLY_BOARD_ID + ":psoc62_2m_rollback_swap:rollback:" + NIGHTLY_KIT)
                .property("otalab.emulator.ota.host", broker.host())
                .property("otalab.emulator.ota.port", String.valueOf(broker.mutualTlsPort()))
                .property("otalab.emulator.ota.ca-file", broker.caCertificate().toString())
                // <board>.crt/.key per board string (CN = board string, as the deploy ACL wants)
                .property("otalab.emulator.ota.cert-dir", broker.caCertificate().getParent().toString())
                .property("otalab.emulator.ota.topic-prepend", backend.topicPrepend())
                .property("otalab.emulator.ota.serial-number", "DEMO-{id}-" + runId)
                // fast agent: checks every 2 s instead of the code example's 10 s
                .property("otalab.emulator.ota.initial-check", "PT1S")
                .property("otalab.emulator.ota.next-check", "PT2S")
                .property("otalab.emulator.ota.retry", "PT1S")
                .property("otalab.emulator.ota.job-wait", "PT5S")
                .property("otalab.emulator.ota.data-timeout", "PT30S")
                .property("otalab.emulator.ota.reboot-delay", "PT0.2S");
    }

    private ServiceProcess.Builder controllerProcess(Path root) {
        return backend.serviceBuilder(OtalabService.LAB_CONTROLLER)
                .property("otalab.controller.plans-dir", root.resolve("services/lab-controller/plans").toString())
                .property("otalab.controller.signing-key", root.resolve("keys/otalab-test-ec-p256.pem").toString())
                .property("otalab.controller.boards." + NIGHTLY_BOARD_ID, emulator.url())
                .property("otalab.controller.image-store.url", backend.service(OtalabService.IMAGE_STORE).url())
                .property("otalab.controller.job-service.url", backend.service(OtalabService.JOB_SERVICE).url())
                .property("otalab.controller.signing-service.url", backend.service(OtalabService.SIGNING_SERVICE).url())
                // a configured board is leased only once a health check passed: check soon
                .property("otalab.controller.pool.health-check-every", "1s");
    }

    public OtaBackend backend() {
        return backend;
    }

    public EmulatorClient emulator() {
        return new EmulatorClient(emulator.url());
    }

    public LabControllerClient controller() {
        return new LabControllerClient(controller.url());
    }

    /** Processes of the stack that died (their logs say why). */
    public List<String> deadServices() {
        List<String> dead = new java.util.ArrayList<>(backend.deadServices().stream().map(ServiceProcess::name).toList());
        for (ServiceProcess p : new ServiceProcess[] {emulator, controller}) {
            if (p != null && !p.isAlive()) {
                dead.add(p.name());
            }
        }
        return dead;
    }

    /** Stops the controller, the emulator, then the backend; safe to call twice. */
    @Override
    public synchronized void close() {
        if (controller != null) {
            controller.stop();
            controller = null;
        }
        if (emulator != null) {
            emulator.stop();
            emulator = null;
        }
        backend.close();
    }
}
