package dev.otalab.agent.rest;

import dev.otalab.agent.support.FakeProgrammer;
import dev.otalab.agent.support.Socat;
import dev.otalab.agent.support.TestConfigs;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The hardware the REST tests run against: one board "kit1" on mock GPIO, its UART a socat pty pair,
 * its programmer the fake script. Starts before Quarkus (the agent refuses to start without its
 * serial device) and hands the {@link Socat} and {@link FakeProgrammer} to the test's fields.
 */
public class AgentTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String BOARD = "kit1";

    private Path dir;
    private Socat socat;
    private FakeProgrammer programmer;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("lab-agent-rest");
            socat = Socat.start(Files.createDirectories(dir.resolve("pty")));
            programmer = FakeProgrammer.create(dir.resolve("tool"));
            Path work = Files.createDirectories(dir.resolve("work"));
            Path config = dir.resolve("agent.yaml");
            Files.writeString(config, TestConfigs.board(BOARD, socat.kit().toString(), programmer, work));
            return Map.of("otalab.agent.config", config.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(socat, new TestInjector.MatchesType(Socat.class));
        injector.injectIntoFields(programmer, new TestInjector.MatchesType(FakeProgrammer.class));
    }

    @Override
    public void stop() {
        if (socat != null) {
            socat.close();
        }
        if (dir != null) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // temp dir
            }
        }
    }
}
