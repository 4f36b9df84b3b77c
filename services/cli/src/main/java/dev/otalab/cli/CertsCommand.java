package dev.otalab.cli;

import dev.otalab.pki.CString;
import dev.otalab.pki.CertificateAuthority;
import dev.otalab.pki.Credential;
import dev.otalab.pki.KeyType;
import dev.otalab.pki.Pem;
import dev.otalab.pki.ServerNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./otalab certs}: the lab's TLS material for Mosquitto, the kits and the services: a CA, the
 * broker's server certificate (IP SANs for addresses, DNS SANs for names) and client certificates
 * whose CN is the MQTT user name (a board string, or otalab-service).
 */
@Command(name = "certs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Make the lab's TLS certificates: a CA, the broker's server certificate and client "
                + "certificates for kits and services (PEM), and print the C strings for ota_app_config.h.",
                "A client's name is its certificate CN, which the broker (deploy/mosquitto) takes as its MQTT "
                        + "user name: a kit's board string (e.g. APP_CY8CPROTO_062S2_43439) or otalab-service."},
        footer = {"", "Examples:",
                "  ./otalab certs --ip 192.168.1.10 --dns mqtt.lab --client otalab-service \\",
                "      --client APP_CY8CPROTO_062S2_43439 --c-string APP_CY8CPROTO_062S2_43439",
                "  ./otalab certs --keep-ca --client APP_CY8CKIT_062S2_43012    # one more kit"})
public final class CertsCommand implements Callable<Integer> {

    private static final Set<String> RESERVED = Set.of("ca", "server");

    @Spec
    CommandSpec spec;

    @Option(names = "--ip", split = ",", paramLabel = "IP",
            description = "An address of the broker (IPv4 or IPv6), written as an IP SAN. Repeatable.")
    List<String> ips = new ArrayList<>();

    @Option(names = "--dns", split = ",", paramLabel = "NAME",
            description = "A host name of the broker, written as a DNS SAN. Repeatable.")
    List<String> dnsNames = new ArrayList<>();

    @Option(names = "--client", split = ",", paramLabel = "NAME",
            description = "Issue NAME.crt/NAME.key with CN NAME for mutual TLS. Repeatable.")
    List<String> clients = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write (default: target/certs in the checkout).")
    Path out;

    @Option(names = "--days", paramLabel = "N", defaultValue = "365",
            description = "Validity of the server and client certificates in days (default: ${DEFAULT-VALUE}; "
                    + "a new CA gets at least 3650). Kits carry theirs in firmware: choose accordingly.")
    int days;

    @Option(names = "--rsa", description = "RSA-2048 keys instead of EC P-256 (both work with the kits' mbedTLS).")
    boolean rsa;

    @Option(names = "--c-string", split = ",", paramLabel = "NAME",
            description = "Also print NAME's certificate and key as CLIENT_CERTIFICATE / CLIENT_KEY C strings.")
    List<String> cStrings = new ArrayList<>();

    @Option(names = "--keep-ca", description = "Issue from the CA already in DIR instead of making a new one.")
    boolean keepCa;

    @Option(names = "--force", description = "Replace an existing CA (every certificate it issued stops working).")
    boolean force;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        KeyType keyType = rsa ? KeyType.RSA_2048 : KeyType.EC_P256;
        if (days < 1 || days > 36_500) {
            throw new IllegalArgumentException("--days must be between 1 and 36500: " + days);
        }
        Duration validity = Duration.ofDays(days);
        if (keepCa && force) {
            throw new IllegalArgumentException("--keep-ca and --force contradict each other: keep the CA or replace it");
        }
        ServerNames serverNames = ips.isEmpty() && dnsNames.isEmpty() ? null : ServerNames.of(ips, dnsNames);
        if (serverNames == null && !keepCa) {
            throw new IllegalArgumentException("give the broker's addresses with --ip and/or --dns "
                    + "(its certificate must name them for kits and services to verify it)");
        }
        Set<String> clientNames = new LinkedHashSet<>();
        for (String name : clients) {
            CertificateAuthority.checkClientName(name);
            if (RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("'" + name + "' is reserved for the " + name.toLowerCase(java.util.Locale.ROOT)
                        + " files; choose another client name");
            }
            clientNames.add(name);
        }

        Path dir = outputDirectory();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is not a directory");
        }
        for (String name : cStrings) {
            if (!clientNames.contains(name) && !Files.isRegularFile(dir.resolve(name + ".crt"))) {
                throw new IllegalArgumentException("--c-string " + name + ": no such client (not in --client, and no "
                        + dir.resolve(name + ".crt") + ")");
            }
        }
        Path caCrt = dir.resolve("ca.crt");
        Path caKey = dir.resolve("ca.key");
        boolean caExists = Files.exists(caCrt) || Files.exists(caKey);
        if (keepCa && !(Files.isRegularFile(caCrt) && Files.isRegularFile(caKey))) {
            throw new IllegalArgumentException("--keep-ca: no CA in " + dir + " (ca.crt and ca.key)");
        }
        if (caExists && !keepCa && !force) {
            throw new IllegalArgumentException(caCrt + " exists: a new CA would invalidate every certificate it "
                    + "issued (kits carry it in firmware); use --keep-ca to issue from it, or --force to replace it");
        }

        // Everything is checked: generate, then write.
        CertificateAuthority ca = keepCa ? CertificateAuthority.read(caCrt, caKey)
                : CertificateAuthority.create("otalab CA", keyType, max(CertificateAuthority.DEFAULT_CA_VALIDITY,
                        validity.plusDays(1)));
        Credential server = serverNames == null ? null : ca.issueServer(serverNames, keyType, validity);
        Map<String, Credential> issued = new LinkedHashMap<>();
        for (String name : clientNames) {
            issued.put(name, ca.issueClient(name, keyType, validity));
        }

        Files.createDirectories(dir);
        List<String> stale = caExists && !keepCa ? certificatesIn(dir) : new ArrayList<>();
        Set<String> written = new LinkedHashSet<>();
        stdout.println("Wrote to " + dir.toAbsolutePath().normalize() + ":");
        if (!keepCa) {
            ca.credential().write(caCrt, caKey);
            written.add("ca.crt");
            line(stdout, "ca.crt, ca.key", ca.credential(), "CA");
        } else {
            stdout.printf("  ca.crt, ca.key (kept): %s%n", describe(ca.credential(), "CA"));
        }
        if (server != null) {
            server.write(dir.resolve("server.crt"), dir.resolve("server.key"));
            written.add("server.crt");
            line(stdout, "server.crt, server.key", server, "server, " + sans(serverNames));
        }
        for (Map.Entry<String, Credential> client : issued.entrySet()) {
            String name = client.getKey();
            client.getValue().write(dir.resolve(name + ".crt"), dir.resolve(name + ".key"));
            written.add(name + ".crt");
            line(stdout, name + ".crt, " + name + ".key", client.getValue(), "client");
        }
        stdout.println("Private keys are readable by their owner only; ca.key belongs on no broker or kit.");
        stale.removeAll(written);
        if (!stale.isEmpty()) {
            stdout.println("Note: the CA was replaced; these files in " + dir + " were issued by the old one and no "
                    + "longer verify: " + String.join(", ", stale));
        }
        stdout.println("Mosquitto (deploy/mosquitto/mosquitto.conf): cafile ca.crt, certfile server.crt, keyfile server.key");

        stdout.println();
        stdout.println("/* ota_app_config.h: the kit's trust anchor for the broker */");
        stdout.print(CString.define("ROOT_CA_CERTIFICATE", ca.certificatePem()));
        for (String name : cStrings) {
            Credential client = issued.containsKey(name) ? issued.get(name)
                    : new Credential(Pem.readCertificate(dir.resolve(name + ".crt")), Pem.readPrivateKey(dir.resolve(name + ".key")));
            stdout.println();
            stdout.println("/* ota_app_config.h: client identity CN=" + client.commonName() + " */");
            stdout.print(CString.define("CLIENT_CERTIFICATE", client.certificatePem()));
            stdout.println();
            stdout.print(CString.define("CLIENT_KEY", client.privateKeyPem()));
        }
        stdout.flush();
        return 0;
    }

    private Path outputDirectory() {
        if (out != null) {
            return out;
        }
        try {
            return ProjectPaths.root().resolve("target").resolve("certs");
        } catch (IllegalStateException notInACheckout) {
            return Path.of("target", "certs").toAbsolutePath();
        }
    }

    private static void line(PrintWriter stdout, String files, Credential credential, String role) {
        stdout.printf("  %s: %s%n", files, describe(credential, role));
    }

    private static String describe(Credential credential, String role) {
        LocalDate until = LocalDate.ofInstant(credential.notAfter(), ZoneOffset.UTC);
        return role + ", CN=" + credential.commonName() + ", " + credential.keyType().description() + ", until " + until;
    }

    private static String sans(ServerNames names) {
        Stream<String> ipSans = names.ips().stream().map(InetAddress::getHostAddress).map(ip -> "IP:" + ip);
        Stream<String> dnsSans = names.dnsNames().stream().map(dns -> "DNS:" + dns);
        return Stream.concat(ipSans, dnsSans).collect(Collectors.joining(" "));
    }

    private static List<String> certificatesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".crt")).sorted()
                    .collect(Collectors.toCollection(ArrayList::new));
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
