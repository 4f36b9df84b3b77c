package dev.otalab.ota;

/**
 * Where a device talks to: connection type, host and port, as the OTA Agent keeps them
 * ({@code curr_connect_type}, {@code curr_server}). The port is the device's 16-bit value.
 */
public record ServerEndpoint(ConnectionType type, String host, int port) {

    /** Plain MQTT port; any other MQTT port means TLS on the device. */
    public static final int MQTT_PLAIN_PORT = 1883;
    public static final int MQTT_TLS_PORT = 8883;
    /** TLS with a mandatory client certificate (local Mosquitto convention). */
    public static final int MQTT_TLS_CLIENT_CERT_PORT = 8884;

    public ServerEndpoint {
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(host, "host");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }

    public static ServerEndpoint mqtt(String host, int port) {
        return new ServerEndpoint(ConnectionType.MQTT, host, port);
    }

    /**
     * Whether the device connects with TLS: for MQTT iff the port is not 1883 (so also for port 0
     * after a switch to a job's empty {@code Port}), for HTTP never, for HTTPS always.
     */
    public boolean tls() {
        switch (type) {
            case MQTT:
                return port != MQTT_PLAIN_PORT;
            case HTTPS:
                return true;
            default:
                return false;
        }
    }

    @Override
    public String toString() {
        return type.wire() + " " + host + ":" + port;
    }
}
