package dev.otalab.ota;

import java.nio.charset.StandardCharsets;

/**
 * The device's decisions on a parsed job document (§6.2.5–§6.2.7) as pure functions, and
 * {@link #evaluate} running parse and decisions in the device's order: malformed → version →
 * board → server choice. Any rejection ends the OTA cycle silently (the CE sends no result).
 */
public final class DeviceJobRules {

    private DeviceJobRules() {
    }

    /** Outcome of {@link #evaluate}. */
    public enum Outcome {
        MALFORMED, VERSION_NOT_NEWER, WRONG_BOARD, SAME_SERVER, SWITCH_SERVER;

        public boolean accepted() {
            return this == SAME_SERVER || this == SWITCH_SERVER;
        }
    }

    /**
     * The verdict on one job document.
     *
     * @param outcome what the device does
     * @param job the parsed document ({@code null} when malformed)
     * @param dataServer where the data phase connects (accepted outcomes only, else {@code null})
     * @param reason one line in the spirit of the device's log
     */
    public record Verdict(Outcome outcome, DeviceJob job, ServerEndpoint dataServer, String reason) {
    }

    /** Where the data phase goes: the current server, or a switch to the job's host and port. */
    public record ServerChoice(boolean switchServer, ServerEndpoint endpoint) {
    }

    /**
     * The device's version check (§6.2.5, also applied to every chunk header, §7.4): the update
     * is rejected when {@code app.major > job.major}; or majors are equal and
     * {@code app.minor > job.minor}; or majors and minors are equal and {@code app.build >= job.build}.
     * Equivalent to {@code job} being strictly greater in lexicographic order.
     */
    public static boolean isNewer(OtaVersion app, OtaVersion job) {
        boolean reject = app.major() > job.major()
                || (app.major() == job.major() && app.minor() > job.minor())
                || (app.major() == job.major() && app.minor() == job.minor() && app.build() >= job.build());
        return !reject;
    }

    /**
     * The board check (§6.2.6): {@code strcmp} of the job's {@code Board} with the device's
     * {@code CY_TARGET_BOARD_STRING}, byte for byte, case-sensitive. An absent {@code Board} is
     * the empty string and fails.
     */
    public static boolean boardMatches(String jobBoard, String deviceBoard) {
        String deviceBytes = new String(deviceBoard.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        return jobBoard != null && jobBoard.equals(deviceBytes);
    }

    /**
     * The server choice (§6.2.7): the current server is kept when the connection type is the
     * same and the job's host is empty or equal to the current host and its port is 0 or equal to
     * the current port. Otherwise the data phase switches to the job's type, host and port, with
     * the same credentials (TLS for MQTT iff that port is not 1883, see {@link ServerEndpoint#tls()}).
     * Note the device's own quirk: a new host with {@code "Port": ""} switches to port 0.
     */
    public static ServerChoice chooseServer(DeviceJob job, ServerEndpoint current) {
        boolean same = job.connection() == current.type()
                && (job.host().isEmpty() || job.host().equals(current.host()))
                && (job.port() == 0 || job.port() == current.port());
        if (same) {
            return new ServerChoice(false, current);
        }
        return new ServerChoice(true, new ServerEndpoint(job.connection(), job.host(), job.port()));
    }

    /** Parses {@code payload} and decides as a device running {@code app} on {@code deviceBoard}, connected to {@code current}. */
    public static Verdict evaluate(byte[] payload, OtaVersion app, String deviceBoard, ServerEndpoint current) {
        DeviceJob job;
        try {
            job = DeviceJobParser.parse(payload, current);
        } catch (OtaProtocolException e) {
            return new Verdict(Outcome.MALFORMED, null, null, e.getMessage());
        }
        if (!isNewer(app, job.version())) {
            return new Verdict(Outcome.VERSION_NOT_NEWER, job, null,
                    "Current Application version " + app + " update version " + job.version() + ". Fail.");
        }
        if (!boardMatches(job.board(), deviceBoard)) {
            return new Verdict(Outcome.WRONG_BOARD, job, null,
                    "board " + OtaProtocolException.quote(job.board()) + " does not match this kit " + deviceBoard);
        }
        ServerChoice choice = chooseServer(job, current);
        if (choice.switchServer()) {
            return new Verdict(Outcome.SWITCH_SERVER, job, choice.endpoint(),
                    "switch server from " + current + " to " + choice.endpoint());
        }
        return new Verdict(Outcome.SAME_SERVER, job, current, portRemark(current));
    }

    private static String portRemark(ServerEndpoint server) {
        int port = server.port();
        if (server.type() == ConnectionType.MQTT && port != ServerEndpoint.MQTT_PLAIN_PORT
                && port != ServerEndpoint.MQTT_TLS_PORT && port != ServerEndpoint.MQTT_TLS_CLIENT_CERT_PORT) {
            return "use same server; Check Job Doc for correct MQTT Port: " + port;
        }
        if (server.type() != ConnectionType.MQTT && port != 80 && port != 443) {
            return "use same server; Check Job Doc for correct HTTP Port: " + port;
        }
        return "use same server " + server;
    }
}
