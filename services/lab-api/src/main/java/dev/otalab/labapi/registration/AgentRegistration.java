package dev.otalab.labapi.registration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.otalab.labapi.dto.BoardInfo;
import java.util.List;

/**
 * What an agent (lab-agent, emulator) tells the lab-controller, at registration ({@code POST {controller}/api/v1/agents})
 * and with every heartbeat ({@code POST {controller}/api/v1/agents/{id}/heartbeat}):
 *
 * <pre>{"id":"rack1-pi1","url":"http://rack1-pi1.lab:8091","version":"0.1.0-SNAPSHOT","heartbeatSeconds":30,
 *  "statusTopic":"otalab/agents/rack1-pi1/status",
 *  "boards":[{"id":"rack1-slot1","kit":"CY8CPROTO-062-4343W",...,"health":"GOOD"}]}</pre>
 *
 * @param id agent id
 * @param url base URL of the agent's lab-api ({@code url + /api/v1/boards})
 * @param version agent version
 * @param heartbeatSeconds the interval the controller can expect heartbeats at
 * @param statusTopic MQTT topic carrying {@code online}/{@code offline} (retained, last will), or
 *        null without MQTT
 * @param boards every board as {@code GET /api/v1/boards} shows it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentRegistration(String id, String url, String version, int heartbeatSeconds, String statusTopic,
        List<BoardInfo> boards) {
}
