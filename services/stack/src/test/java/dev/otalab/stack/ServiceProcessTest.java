package dev.otalab.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ServiceProcess} against {@link FakeService} packed into a jar: readiness, properties, logs, stop, failures. */
class ServiceProcessTest {

    static Path jar;
    @TempDir
    Path logs;

    @BeforeAll
    static void packFakeService(@TempDir Path dir) throws IOException {
        jar = dir.resolve("fake-service.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        String entry = FakeService.class.getName().replace('.', '/') + ".class";
        Path classFile = Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().getPath()).resolve(entry);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry(entry));
            jarOut.write(Files.readAllBytes(classFile));
            jarOut.closeEntry();
        }
    }

    @Test
    void startsWhenReadyPassesPropertiesAndStopsWithSigterm() throws Exception {
        ServiceProcess service = ServiceProcess.builder("fake", jar).logDir(logs)
                .property("fake.greeting", "hello").property("fake.not-ready-ms", "600").start();
        try {
            assertThat(service.isAlive()).isTrue();
            assertThat(service.url()).isEqualTo("http://127.0.0.1:" + service.port());
            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(service.url() + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(service.log()).isEqualTo(logs.resolve("fake.log"));
            assertThat(service.logTail(5)).contains("fake service starting, greeting=hello");
        } finally {
            service.stop();
        }
        assertThat(service.isAlive()).isFalse();
        assertThat(Files.readString(service.log())).as("SIGTERM ran the shutdown hooks").contains("fake service stopped by signal");
    }

    @Test
    void aProcessThatExitsFailsTheStartWithItsLogTail() {
        assertThatThrownBy(() -> ServiceProcess.builder("quitter", jar).logDir(logs).property("fake.exit", "3").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("quitter exited with status 3 while starting")
                .hasMessageContaining("fake service giving up");
    }

    @Test
    void aServiceNeverReadyTimesOutWithTheLastStatusAndLogTailAndIsStopped() {
        assertThatThrownBy(() -> ServiceProcess.builder("sluggish", jar).logDir(logs)
                .property("fake.not-ready-ms", "600000").readyTimeout(Duration.ofSeconds(2)).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sluggish not ready within 2 s (/q/health/ready answered 503)")
                .hasMessageContaining("fake service starting");
    }

    @Test
    void aMissingJarSaysHowToBuildIt() {
        assertThatThrownBy(() -> OtalabService.JOB_SERVICE.process(logs).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("job-service is not built: ")
                .hasMessageContaining("services/job-service/target/quarkus-app/quarkus-run.jar is missing");
    }
}
