package dev.otalab.ota;

/**
 * {@code Success} / {@code Failure}: the optional result phase (§2 step 12; the CE disables it).
 * The publisher may answer {@code Result Received} on the unique topic, which nobody reads.
 *
 * @param result which of the two
 * @param uniqueTopicName the cycle's unique topic
 */
public record ResultMessage(Result result, String uniqueTopicName) implements DeviceMessage {

    /** The two result messages and their {@code Message} strings. */
    public enum Result {
        SUCCESS("Success"),
        FAILURE("Failure");

        private final String message;

        Result(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    public ResultMessage {
        java.util.Objects.requireNonNull(result, "result");
    }

    public static ResultMessage success(String uniqueTopicName) {
        return new ResultMessage(Result.SUCCESS, uniqueTopicName);
    }

    public static ResultMessage failure(String uniqueTopicName) {
        return new ResultMessage(Result.FAILURE, uniqueTopicName);
    }

    @Override
    public String message() {
        return result.message();
    }

    @Override
    public byte[] toDeviceBytes() {
        return DeviceMessage.deviceBytes("{\"Message\":\"" + result.message() + "\", \"UniqueTopicName\": \""
                + uniqueTopicName + "\"}");
    }
}
