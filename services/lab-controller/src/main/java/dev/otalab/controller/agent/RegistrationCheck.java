package dev.otalab.controller.agent;

import dev.otalab.labapi.dto.BoardInfo;
import dev.otalab.labapi.registration.AgentRegistration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the body of {@code POST /api/v1/agents} and of every heartbeat, the lab-api's
 * {@link AgentRegistration} that the lab-agent and the emulator send (unknown fields are ignored
 * so that a newer agent still registers).
 */
public final class RegistrationCheck {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private RegistrationCheck() {
    }

    /** The first problem with {@code a}, or null. */
    public static String problem(AgentRegistration a) {
        String id = a.id();
        String url = a.url();
        int heartbeatSeconds = a.heartbeatSeconds();
        String version = a.version();
        String statusTopic = a.statusTopic();
        if (id == null || !ID.matcher(id).matches()) {
            return "id: 1 to 64 letters, digits, '.', '_' or '-' required, got " + quote(id);
        }
        if (url == null || !url.matches("https?://[^\\s]+")) {
            return "url: an http(s) URL is required, got " + quote(url);
        }
        if (heartbeatSeconds < 1 || heartbeatSeconds > 3600) {
            return "heartbeatSeconds: 1..3600 required, got " + heartbeatSeconds;
        }
        if (version != null && version.length() > 64) {
            return "version: at most 64 characters";
        }
        if (statusTopic != null && statusTopic.length() > 256) {
            return "statusTopic: at most 256 characters";
        }
        Set<String> seen = new HashSet<>();
        for (BoardInfo b : boards(a)) {
            if (b == null || !ID.matcher(b.id()).matches()) {
                return "boards: every board needs an id of 1 to 64 letters, digits, '.', '_' or '-'";
            }
            if (!seen.add(b.id())) {
                return "boards: board '" + b.id() + "' is listed twice";
            }
        }
        return null;
    }

    /** The listed boards (none when the list is absent). */
    public static List<BoardInfo> boards(AgentRegistration a) {
        return a.boards() == null ? List.of() : a.boards();
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }
}
