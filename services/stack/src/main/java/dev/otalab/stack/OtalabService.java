package dev.otalab.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The runnable services of the repository and where their built jars are (Quarkus fast-jar layout,
 * {@code <module>/target/quarkus-app/quarkus-run.jar}). Add a service here to start it with the stack.
 */
public enum OtalabService {
    SIGNING_SERVICE("signing-service", "services/signing-service"),
    IMAGE_STORE("image-store", "services/image-store"),
    JOB_SERVICE("job-service", "services/job-service"),
    LAB_CONTROLLER("lab-controller", "services/lab-controller"),
    EMULATOR("emulator", "emulator/service");

    private final String serviceName;
    private final String module;

    OtalabService(String serviceName, String module) {
        this.serviceName = serviceName;
        this.module = module;
    }

    /** The name used for its log file and in messages. */
    public String serviceName() {
        return serviceName;
    }

    /** The Maven module folder relative to the repository root. */
    public String module() {
        return module;
    }

    public Path jar(Path root) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public boolean isBuilt(Path root) {
        return Files.isRegularFile(jar(root));
    }

    /** A process builder for this service's jar under {@code root}. */
    public ServiceProcess.Builder process(Path root) {
        return ServiceProcess.builder(serviceName, jar(root));
    }

    /**
     * The repository root: {@code -Dotalab.root} (set by the root surefire config and the launcher),
     * else the nearest parent folder of the working directory that holds {@code services/} and {@code flashmap/}.
     */
    public static Path repositoryRoot() {
        String configured = System.getProperty("otalab.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("services")) && Files.isDirectory(p.resolve("flashmap"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the otalab checkout above " + Path.of("").toAbsolutePath()
                + " (pass -Dotalab.root=DIR)");
    }
}
