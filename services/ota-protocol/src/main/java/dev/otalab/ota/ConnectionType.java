package dev.otalab.ota;

/**
 * The job document's {@code Connection} (§6.1): how the device fetches the image. otalab serves
 * MQTT; HTTP(S) exist in the protocol and are modelled so the device rules stay complete.
 */
public enum ConnectionType {
    MQTT("MQTT"),
    HTTP("HTTP"),
    HTTPS("HTTPS");

    private final String wire;

    ConnectionType(String wire) {
        this.wire = wire;
    }

    /** The string used in the job document. */
    public String wire() {
        return wire;
    }
}
