package dev.otalab.cli.image;

import dev.otalab.mcuboot.keys.KeyType;
import dev.otalab.mcuboot.keys.McubootKey;
import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code imgtool keygen}: a new key pair as a PKCS#8 PEM private key. */
@Command(name = "keygen", mixinStandardHelpOptions = true, description = "Generate pub/private keypair.")
public final class KeygenCommand implements Callable<Integer> {

    @Option(names = {"-k", "--key"}, required = true, paramLabel = "filename")
    Path key;
    @Option(names = {"-t", "--type"}, required = true, paramLabel = "type",
            description = "One of: rsa-2048, rsa-3072, ecdsa-p256, ecdsa-p384, ed25519, x25519")
    String type;
    @Option(names = {"-p", "--password"}, description = "Prompt for password to protect key")
    boolean password;

    @Override
    public Integer call() {
        KeyType keyType = KeyType.byCliName(type);
        if (Files.exists(key)) {
            throw new IllegalArgumentException(key + " exists; not overwriting a key file");
        }
        char[] secret = password ? readPassword() : null;
        McubootKey.generate(keyType).writePrivatePem(key, secret);
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
        return 0;
    }

    private static char[] readPassword() {
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("--password needs a terminal to ask for the passphrase");
        }
        while (true) {
            char[] first = console.readPassword("Enter key passphrase: ");
            char[] second = console.readPassword("Reenter passphrase: ");
            if (Arrays.equals(first, second)) {
                Arrays.fill(second, '\0');
                return first;
            }
            console.printf("Passwords do not match, try again%n");
        }
    }
}
