package dev.otalab.signing.service;

import dev.otalab.mcuboot.McubootException;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.signing.config.SigningConfig;
import dev.otalab.signing.mapping.ProblemType;
import dev.otalab.signing.model.SigningKey;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The keys of {@code otalab.signing.keys-dir}, read once at start-up: every regular
 * {@code *.pem} file (symbolic links followed, as in a mounted Kubernetes Secret; hidden files
 * skipped), id = file name without {@code .pem}. A file that cannot be read as a key is kept as
 * "unavailable" with the reason, so asking for it says why. When the directory is missing,
 * unreadable or yields no key at all, the service still starts, reports itself not ready and
 * answers requests that need keys with 409 {@code no-keys}.
 */
@Startup
@ApplicationScoped
public class KeyRegistry {

    private static final Logger LOG = Logger.getLogger(KeyRegistry.class);
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final String SUFFIX = ".pem";

    private final SigningConfig config;
    private volatile SortedMap<String, SigningKey> keys = Collections.emptySortedMap();
    private volatile SortedMap<String, String> unavailable = Collections.emptySortedMap();
    private volatile String problem = "keys not loaded yet";

    public KeyRegistry(SigningConfig config) {
        this.config = config;
    }

    @PostConstruct
    void load() {
        Path dir = config.keysDir().toAbsolutePath().normalize();
        SortedMap<String, SigningKey> found = new TreeMap<>();
        SortedMap<String, String> broken = new TreeMap<>();
        String trouble = null;
        if (!Files.exists(dir)) {
            trouble = "key directory " + dir + " does not exist (otalab.signing.keys-dir)";
        } else if (!Files.isDirectory(dir)) {
            trouble = "key directory " + dir + " is not a directory (otalab.signing.keys-dir)";
        } else {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
                for (Path file : files) {
                    readKey(file, found, broken);
                }
            } catch (IOException | SecurityException e) {
                trouble = "cannot read key directory " + dir + ": " + e;
            }
            if (trouble == null && found.isEmpty()) {
                trouble = "key directory " + dir + " holds no usable *.pem key"
                        + (broken.isEmpty() ? "" : " (unreadable: " + String.join(", ", broken.keySet()) + ")");
            }
        }
        keys = Collections.unmodifiableSortedMap(found);
        unavailable = Collections.unmodifiableSortedMap(broken);
        problem = trouble;
        if (trouble != null) {
            LOG.errorf("signing keys: %s; signing and verification answer 409 until this is fixed and the "
                    + "service restarted", trouble);
        } else {
            LOG.infof("signing keys from %s: %s", dir, found.values().stream()
                    .map(k -> k.id() + " (" + k.key().type().cliName() + (k.canSign() ? ", private)" : ", public)"))
                    .collect(Collectors.joining(", ")));
        }
        broken.forEach((id, why) -> LOG.warnf("signing key '%s' is unavailable: %s", id, why));
    }

    private static void readKey(Path file, Map<String, SigningKey> found, Map<String, String> broken) {
        String name = file.getFileName().toString();
        if (name.startsWith(".") || !Files.isRegularFile(file)) {
            return;
        }
        String id = name.substring(0, name.length() - SUFFIX.length());
        if (!KEY_ID.matcher(id).matches()) {
            broken.put(id, "file name " + name + " is not a valid key id ([A-Za-z0-9._-], at most 200 characters)");
            return;
        }
        try {
            found.put(id, new SigningKey(id, McubootKey.read(file, null)));
        } catch (McubootException e) {
            broken.put(id, e.getMessage());
        } catch (RuntimeException e) {
            broken.put(id, "cannot read " + name + ": " + e);
        }
    }

    /** Why no key can be used, or empty when the key directory was read and holds keys. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /**
     * Key ids whose files could not be read, with the reason. For the log only: a reason may
     * quote the file (path, PEM labels), so answers say no more than the id.
     */
    public Map<String, String> unavailable() {
        return unavailable;
    }

    /** Every key, sorted by id. @throws ProblemException 409 no-keys */
    public List<SigningKey> all() {
        requireKeys();
        return new ArrayList<>(keys.values());
    }

    /** @throws ProblemException 409 no-keys, 404 unknown-key, 409 key-unavailable */
    public SigningKey get(String id) {
        requireKeys();
        SigningKey key = id == null ? null : keys.get(id);
        if (key != null) {
            return key;
        }
        if (id != null && unavailable.containsKey(id)) {
            throw new ProblemException(ProblemType.KEY_UNAVAILABLE,
                    "key '" + id + "' could not be loaded at start-up; the service log says why");
        }
        throw new ProblemException(ProblemType.UNKNOWN_KEY,
                "no key '" + id + "'; known keys: " + String.join(", ", keys.keySet()));
    }

    /** A key that can sign. @throws ProblemException as {@link #get}, and 409 key-unavailable for a public-only key */
    public SigningKey signer(String id) {
        SigningKey key = get(id);
        if (!key.key().type().canSign()) {
            throw new ProblemException(ProblemType.KEY_UNAVAILABLE,
                    "key '" + id + "' is a " + key.key().type().cliName() + " key, which cannot sign");
        }
        if (!key.canSign()) {
            throw new ProblemException(ProblemType.KEY_UNAVAILABLE,
                    "key '" + id + "' is public only (its file holds no private key); it can verify but not sign");
        }
        return key;
    }

    private void requireKeys() {
        String p = problem;
        if (p != null) {
            throw new ProblemException(ProblemType.NO_KEYS, p);
        }
    }
}
