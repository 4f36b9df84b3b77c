package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One board as {@code GET /boards} and {@code GET /boards/{id}} describe it.
 *
 * <pre>{"id":"rack1-slot3","kit":"CY8CPROTO-062-4343W","flashmap":"psoc62_2m_ext_swap_single",
 *  "capabilities":["power","button","uart","led","program"],"power":"on","health":"GOOD"}</pre>
 *
 * @param id stable board id, unique within one agent or emulator (URL path segment)
 * @param kit kit name as Infineon spells it, e.g. {@code CY8CPROTO-062-4343W}
 * @param flashmap flashmap file name without {@code .json}, e.g. {@code psoc62_2m_ext_swap_single}
 * @param capabilities words from {@link dev.otalab.labapi.Capabilities}
 * @param power supply state
 * @param health whether the board can be used for runs
 * @param healthDetail why the health is what it is (for BAD/MAINTENANCE), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BoardInfo(
        String id,
        String kit,
        String flashmap,
        List<String> capabilities,
        PowerState power,
        BoardHealth health,
        String healthDetail) {

    public BoardInfo {
        Checks.required(id, "id");
        capabilities = Checks.list(capabilities, "capabilities");
        power = power == null ? PowerState.UNKNOWN : power;
        health = health == null ? BoardHealth.UNKNOWN : health;
    }

    public BoardInfo(String id, String kit, String flashmap, List<String> capabilities, PowerState power,
            BoardHealth health) {
        this(id, kit, flashmap, capabilities, power, health, null);
    }

    /** Whether the board advertises {@code capability}. */
    public boolean hasCapability(String capability) {
        return capabilities.contains(capability);
    }
}
