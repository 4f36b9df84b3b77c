package dev.otalab.emulator.ota;

import dev.otalab.ota.DeviceIdentity;
import dev.otalab.ota.OtaTopics;
import dev.otalab.ota.ServerEndpoint;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a kit's OTA Agent is built with — the compile-time settings of {@code mtb-example-ota-mqtt}
 * ({@code configs/ota_app_config.h}, {@code cy_ota_config.h}) plus its certificates. Immutable;
 * make one with {@link #builder()} and give it to {@code KitSpec.Builder#ota}.
 *
 * <pre>{@code
 * OtaConfig ota = OtaConfig.builder()
 *         .broker("127.0.0.1", 8884)                  // TLS iff the port is not 1883 (device rule)
 *         .caCertificate(ca)                          // trust anchor of the broker's certificate
 *         .clientCertificate(cert, key)               // mutual TLS (8884)
 *         .board("APP_CY8CPROTO_062S2_43439")         // default: "APP_" + kit name with '-' → '_'
 *         .identity(new DeviceIdentity("Infineon", "ABCD123", "EFGH456", "SN0001", "CY8CPROTO_062_4343W"))
 *         .timers(OtaTimers.ce())
 *         .build();
 * }</pre>
 *
 * @param host broker host (MQTT_BROKER_ADDRESS)
 * @param port broker port (MQTT_SERVER_PORT, CE 8883; the local Mosquitto convention 8884 needs a client certificate)
 * @param tls emulator override: {@code null} (default) = the device rule, TLS iff the port is not 1883;
 *        {@code true}/{@code false} force it (e.g. a plain listener on a test port). Applies to job and data servers.
 * @param caCertificate PEM root CA the broker certificate must chain to (required with TLS)
 * @param clientCertificate PEM client certificate, or {@code null} (then {@code clientKey} must be null too)
 * @param clientKey PEM private key (PKCS#8 or PKCS#1) of {@code clientCertificate}
 * @param verifyHostname check the broker certificate's name against {@code host} (IP SAN for an address);
 *        {@code true} by default. The chain is always checked against {@code caCertificate}.
 * @param username MQTT user name or {@code null} (CE: none)
 * @param password MQTT password or {@code null}
 * @param prepend {@code COMPANY_TOPIC_PREPEND} (CE {@code MyUniqueTopic})
 * @param board {@code CY_TARGET_BOARD_STRING}, e.g. {@code APP_CY8CPROTO_062S2_43439}; {@code null} = derived from the kit name
 * @param identity the literals of the request messages (manufacturer, IDs, serial number, BoardName)
 * @param clientIdentifier client-id prefix ({@code CY_IOT_DEVICE} in the CE), cut to 18 characters; the
 *        device appends {@code ms & 0xFFFF}. {@code null} = the kit id (so that many kits do not share a prefix
 *        and knock each other off the broker)
 * @param timers the agent's timers
 */
public record OtaConfig(String host, int port, Boolean tls, Path caCertificate, Path clientCertificate,
        Path clientKey, boolean verifyHostname, String username, String password, String prepend, String board,
        DeviceIdentity identity, String clientIdentifier, OtaTimers timers) {

    /** {@code pIdentifier} is cut to this many characters. */
    public static final int MAX_IDENTIFIER = 18;
    /** Client-id prefix when the identifier is empty. */
    public static final String EMPTY_IDENTIFIER_PREFIX = "cy_device";

    public OtaConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        if ((clientCertificate == null) != (clientKey == null)) {
            throw new IllegalArgumentException("give both clientCertificate and clientKey, or neither");
        }
        prepend = prepend != null ? prepend : OtaTopics.CE_PREPEND;
        identity = identity != null ? identity : DeviceIdentity.CODE_EXAMPLE;
        for (String f : new String[] {identity.manufacturer(), identity.manufacturerId(), identity.productId(),
                identity.serialNumber(), identity.boardName()}) {
            Objects.requireNonNull(f, "every identity field is required on the device side");
        }
        timers = timers != null ? timers : OtaTimers.ce();
        if (board != null) {
            new OtaTopics(prepend, board); // validates both
        } else {
            new OtaTopics(prepend, "X");
        }
        if (usesTls(port, tls) && caCertificate == null) {
            throw new IllegalArgumentException("port " + port + " means TLS: a caCertificate is required");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The server the job phase connects to. */
    public ServerEndpoint server() {
        return ServerEndpoint.mqtt(host, port);
    }

    /** Whether a connection to {@code endpoint} uses TLS (the device rule unless {@link #tls()} overrides it). */
    public boolean tlsFor(ServerEndpoint endpoint) {
        return usesTls(endpoint.port(), tls);
    }

    private static boolean usesTls(int port, Boolean override) {
        return override != null ? override : port != ServerEndpoint.MQTT_PLAIN_PORT;
    }

    /** The CE's board string for a kit name: {@code APP_} + the name with {@code -} replaced by {@code _}. */
    public static String boardFor(String kitName) {
        return "APP_" + kitName.replace('-', '_');
    }

    /**
     * This configuration completed for one kit: the board from the kit name and the identifier
     * from the kit id where they were left out; the identifier cut to 18 characters.
     */
    public OtaConfig forKit(String kitId, String kitName) {
        String b = board != null ? board : boardFor(kitName);
        String id = clientIdentifier != null ? clientIdentifier : kitId;
        if (id.length() > MAX_IDENTIFIER) {
            id = id.substring(0, MAX_IDENTIFIER);
        }
        return toBuilder().board(b).clientIdentifier(id).build();
    }

    /** The client id of one connection: identifier (or {@code cy_device}) + decimal of {@code ms & 0xFFFF}. */
    public String clientId(long uptimeMillis) {
        String id = clientIdentifier == null || clientIdentifier.isEmpty() ? EMPTY_IDENTIFIER_PREFIX
                : clientIdentifier.length() > MAX_IDENTIFIER ? clientIdentifier.substring(0, MAX_IDENTIFIER)
                : clientIdentifier;
        return id + (uptimeMillis & 0xFFFF);
    }

    @Override
    public String toString() { // no password
        return "OtaConfig[" + host + ":" + port + (usesTls(port, tls) ? " TLS" : "")
                + (clientCertificate != null ? " client-cert" : "") + ", " + prepend + "/" + board + ", "
                + identity.serialNumber() + "]";
    }

    /** Builder; {@code broker(host, port)} is required, and a CA certificate when TLS is used. */
    public static final class Builder {
        private String host;
        private int port;
        private Boolean tls;
        private Path caCertificate;
        private Path clientCertificate;
        private Path clientKey;
        private boolean verifyHostname = true;
        private String username;
        private String password;
        private String prepend = OtaTopics.CE_PREPEND;
        private String board;
        private DeviceIdentity identity = DeviceIdentity.CODE_EXAMPLE;
        private String clientIdentifier;
        private OtaTimers timers = OtaTimers.ce();

        private Builder() {
        }

        private Builder(OtaConfig c) {
            host = c.host;
            port = c.port;
            tls = c.tls;
            caCertificate = c.caCertificate;
            clientCertificate = c.clientCertificate;
            clientKey = c.clientKey;
            verifyHostname = c.verifyHostname;
            username = c.username;
            password = c.password;
            prepend = c.prepend;
            board = c.board;
            identity = c.identity;
            clientIdentifier = c.clientIdentifier;
            timers = c.timers;
        }

        public Builder broker(String h, int p) { host = h; port = p; return this; }
        public Builder tls(Boolean v) { tls = v; return this; }
        public Builder caCertificate(Path v) { caCertificate = v; return this; }
        public Builder clientCertificate(Path cert, Path key) { clientCertificate = cert; clientKey = key; return this; }
        public Builder verifyHostname(boolean v) { verifyHostname = v; return this; }
        public Builder credentials(String user, String pass) { username = user; password = pass; return this; }
        public Builder prepend(String v) { prepend = v; return this; }
        public Builder board(String v) { board = v; return this; }
        public Builder identity(DeviceIdentity v) { identity = v; return this; }
        public Builder serialNumber(String sn) {
            identity = new DeviceIdentity(identity.manufacturer(), identity.manufacturerId(), identity.productId(), sn,
                    identity.boardName());
            return this;
        }
        public Builder clientIdentifier(String v) { clientIdentifier = v; return this; }
        public Builder timers(OtaTimers v) { timers = v; return this; }

        public OtaConfig build() {
            return new OtaConfig(host, port, tls, caCertificate, clientCertificate, clientKey, verifyHostname,
                    username, password, prepend, board, identity, clientIdentifier, timers);
        }
    }
}
