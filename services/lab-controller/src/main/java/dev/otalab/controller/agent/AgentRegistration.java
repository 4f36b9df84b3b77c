package dev.otalab.controller.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.otalab.labapi.dto.BoardInfo;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Body of {@code POST /api/v1/agents} and of every heartbeat, as the lab-agent sends it
 * (lab-agent/README.md "Registration with the controller"). Unknown fields are ignored so that a
 * newer agent still registers.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentRegistration(String id, String url, String version, Integer heartbeatSeconds, String statusTopic,
        List<BoardInfo> boards) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The first problem with this body, or null. */
    public String problem() {
        if (id == null || !ID.matcher(id).matches()) {
            return "id: 1 to 64 letters, digits, '.', '_' or '-' required, got " + quote(id);
        }
        if (url == null || !url.matches("https?://[^\\s]+")) {
            return "url: an http(s) URL is required, got " + quote(url);
        }
        if (heartbeatSeconds == null || heartbeatSeconds < 1 || heartbeatSeconds > 3600) {
            return "heartbeatSeconds: 1..3600 required, got " + heartbeatSeconds;
        }
        if (version != null && version.length() > 64) {
            return "version: at most 64 characters";
        }
        if (statusTopic != null && statusTopic.length() > 256) {
            return "statusTopic: at most 256 characters";
        }
        Set<String> seen = new HashSet<>();
        for (BoardInfo b : boards == null ? List.<BoardInfo>of() : boards) {
            if (b == null || !ID.matcher(b.id()).matches()) {
                return "boards: every board needs an id of 1 to 64 letters, digits, '.', '_' or '-'";
            }
            if (!seen.add(b.id())) {
                return "boards: board '" + b.id() + "' is listed twice";
            }
        }
        return null;
    }

    public List<BoardInfo> boardList() {
        return boards == null ? List.of() : boards;
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }
}
