package dev.otalab.signing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/** A key directory that does not exist: the service must still start, not ready, answering 409. */
public class MissingKeysProfile implements QuarkusTestProfile {

    static final Path DIR = Path.of("target", "no-such-key-dir").toAbsolutePath();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("otalab.signing.keys-dir", DIR.toString());
    }
}
