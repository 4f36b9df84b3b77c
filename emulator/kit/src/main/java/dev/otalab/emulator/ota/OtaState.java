package dev.otalab.emulator.ota;

/**
 * The OTA Agent's states ({@code cy_ota_agent_state_t}, spec infineon-ota-mqtt.md §8), with the
 * library's numbers. The emulated agent runs the job flow over MQTT with the result message
 * disabled (CE), so {@link #RESULT_CONNECT} … {@link #RESULT_DISCONNECT} and {@link #EXITING} are
 * never entered; {@link #NOT_INITIALIZED} is reported while no agent runs (kit off, app without
 * OTA, factory app before its button press).
 */
public enum OtaState {
    NOT_INITIALIZED(0),
    EXITING(1),
    INITIALIZING(2),
    AGENT_STARTED(3),
    AGENT_WAITING(4),
    STORAGE_OPEN(5),
    STORAGE_WRITE(6),
    STORAGE_CLOSE(7),
    START_UPDATE(8),
    JOB_CONNECT(9),
    JOB_DOWNLOAD(10),
    JOB_DISCONNECT(11),
    JOB_PARSE(12),
    JOB_REDIRECT(13),
    DATA_CONNECT(14),
    DATA_DOWNLOAD(15),
    DATA_DISCONNECT(16),
    VERIFY(17),
    RESULT_REDIRECT(18),
    RESULT_CONNECT(19),
    RESULT_SEND(20),
    RESULT_RESPONSE(21),
    RESULT_DISCONNECT(22),
    OTA_COMPLETE(23);

    private final int code;

    OtaState(int code) {
        this.code = code;
    }

    /** The library's {@code CY_OTA_STATE_*} number. */
    public int code() {
        return code;
    }
}
