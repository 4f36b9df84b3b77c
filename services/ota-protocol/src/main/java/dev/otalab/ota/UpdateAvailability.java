package dev.otalab.ota;

/**
 * {@code Update Availability}: the job phase request (§2 step 3). The server answers with a job
 * document on {@link #uniqueTopicName()} within 30 s, or stays silent for "no update".
 *
 * @param identity the device's literals ({@code null} fields when parsed from a device that left them out)
 * @param version the running app version
 * @param uniqueTopicName where to answer
 */
public record UpdateAvailability(DeviceIdentity identity, OtaVersion version, String uniqueTopicName)
        implements DeviceMessage {

    public static final String MESSAGE = "Update Availability";

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
