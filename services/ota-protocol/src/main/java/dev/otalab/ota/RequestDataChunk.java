package dev.otalab.ota;

/**
 * {@code Request Data Chunk}: chunk-request mode (a library build without
 * {@code CY_MQTT_GET_ALL_DATA_WITH_ONE_CALL}, §9). The device asks for {@code Size} bytes at
 * {@code Offset}: first {@code 0}/{@code 4096}, then after each chunk the bytes written so far
 * and {@code 4096}, or {@code -1} ("rest of file") when fewer than 4096 remain. The server answers
 * with exactly one chunk ({@link ChunkEncoder#messageFor(RequestDataChunk)}).
 *
 * @param identity the device's literals (library defaults on a CE build, see {@link DeviceIdentity#LIBRARY_DEFAULT})
 * @param version the running app version
 * @param uniqueTopicName where to send the chunk
 * @param filename the job document's {@code File} (empty for MQTT jobs); {@code null} when absent in a parsed message
 * @param offset image offset requested
 * @param size bytes requested; zero or negative means "rest of file"
 */
public record RequestDataChunk(DeviceIdentity identity, OtaVersion version, String uniqueTopicName, String filename,
        long offset, long size) implements DeviceMessage {

    public static final String MESSAGE = "Request Data Chunk";

    @Override
    public String message() {
        return MESSAGE;
    }

    /** True when {@link #size()} asks for the rest of the file ({@code -1} from the device; any value ≤ 0 here). */
    public boolean restOfFile() {
        return size <= 0;
    }

    /**
     * The device template: {@code Offset} and {@code Size} are printed with {@code %ld} from
     * 32-bit values, so they appear as signed 32-bit decimals ({@code -1} for "rest of file").
     */
    @Override
    public byte[] toDeviceBytes() {
        return DeviceMessage.deviceBytes(DeviceMessage.identityHead(MESSAGE, identity, version)
                .append(", \"UniqueTopicName\": \"").append(uniqueTopicName)
                .append("\", \"Filename\": \"").append(filename == null ? "" : filename)
                .append("\", \"Offset\": \"").append((int) offset)
                .append("\", \"Size\": \"").append((int) size).append("\"}").toString());
    }
}
