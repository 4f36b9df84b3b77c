package dev.otalab.ota;

/**
 * {@code Request Update}: the data phase request (§2 step 8). The server answers with every chunk
 * of the image on {@link #uniqueTopicName()}, from index 0, each time it receives one (the device
 * repeats it on each of its up to three download attempts).
 *
 * @param identity the device's literals ({@code null} fields when parsed from a device that left them out)
 * @param version the running app version
 * @param uniqueTopicName where to send the chunks
 */
public record RequestUpdate(DeviceIdentity identity, OtaVersion version, String uniqueTopicName)
        implements DeviceMessage {

    public static final String MESSAGE = "Request Update";

    @Override
    public String message() {
        return MESSAGE;
    }

    @Override
    public byte[] toDeviceBytes() {
        return DeviceMessage.deviceBytes(DeviceMessage.identityHead(MESSAGE, identity, version)
                .append(", \"UniqueTopicName\": \"").append(uniqueTopicName).append("\"}").toString());
    }
}
