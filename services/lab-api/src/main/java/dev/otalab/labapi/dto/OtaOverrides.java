package dev.otalab.labapi.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Per-board settings of an emulated kit's OTA Agent in the emulator's {@code POST /boards}; every
 * field is optional and replaces the emulator's configured value ({@code otalab.emulator.ota.*}).
 *
 * <pre>{"board":"APP_CY8CPROTO_062S2_43439","serialNumber":"KIT-0007","manufacturer":"Infineon"}</pre>
 *
 * @param board {@code CY_TARGET_BOARD_STRING} (default: {@code APP_} + kit name with {@code -} → {@code _})
 * @param serialNumber {@code SerialNumber} of the requests (default: the configured one, else the code example's)
 * @param manufacturer {@code Manufacturer}
 * @param manufacturerId {@code ManufacturerID}
 * @param productId {@code ProductID}
 * @param boardName {@code BoardName} (a literal, not the real board)
 * @param clientIdentifier MQTT client-id prefix (default: the board id)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OtaOverrides(String board, String serialNumber, String manufacturer, String manufacturerId,
        String productId, String boardName, String clientIdentifier) {
}
