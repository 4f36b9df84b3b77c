package dev.otalab.ota;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * The MQTT topic names of one board (§3): built from the company prepend
 * ({@code COMPANY_TOPIC_PREPEND}, CE {@code MyUniqueTopic}, library default {@code OTAUpdate}) and
 * the board string ({@code CY_TARGET_BOARD_STRING}, e.g. {@code APP_CY8CPROTO_062S2_43439}).
 *
 * <ul>
 *   <li>request topic {@code <PREPEND>/<BOARD>/publish_notify}: device → server;</li>
 *   <li>app ("direct") topic {@code <PREPEND>/<BOARD>/OTAImage}: the device subscribes on every
 *       connection;</li>
 *   <li>unique topic {@code <PREPEND>/<BOARD>/OTAImage/<n>}, {@code n} = 0..65535 in decimal
 *       without padding, new for every OTA cycle: job document and chunks.</li>
 * </ul>
 *
 * <p>The server must answer on the {@code UniqueTopicName} string it received and never derive
 * it; {@link #isUniqueTopic(String)} only lets it check that a name it received belongs to the
 * board whose request topic it came in on. The device builds the unique topic with
 * {@code snprintf} into a 256-byte buffer, so a prepend and board whose unique topic could exceed
 * 255 bytes are refused here rather than silently truncated as on the device.
 */
public record OtaTopics(String prepend, String board) {

    /** Last level of the request topic ({@code PUBLISHER_LISTEN_TOPIC}). */
    public static final String PUBLISH_NOTIFY = "publish_notify";
    /** Last level of the app topic, middle level of the unique topic, and chunk magic ({@code CY_OTA_MQTT_MAGIC}). */
    public static final String OTA_IMAGE = "OTAImage";
    /** The device's will topic ({@code CY_OTA_MQTT_TOPIC_PREFIX "/will"}). */
    public static final String WILL_TOPIC = "cy_ota_device/will";
    /** The device's will payload (36 bytes, QoS 1, not retained). */
    public static final String WILL_PAYLOAD = "MQTT demo unexpectedly disconnected.";
    /** Library default prepend; the CE overrides it with {@link #CE_PREPEND}. */
    public static final String LIBRARY_DEFAULT_PREPEND = "OTAUpdate";
    /** Prepend of the {@code mtb-example-ota-mqtt} code example. */
    public static final String CE_PREPEND = "MyUniqueTopic";
    /** Largest unique-topic suffix: the device uses RTOS milliseconds {@code & 0xFFFF}. */
    public static final int MAX_UNIQUE_SUFFIX = 0xFFFF;
    /** Size of the device's unique-topic buffer including the terminating NUL. */
    public static final int DEVICE_TOPIC_BUFFER = 256;

    private static final String REQUEST_SUFFIX = "/" + PUBLISH_NOTIFY;

    public OtaTopics {
        checkLevelText("prepend", prepend, true);
        checkLevelText("board", board, false);
        int longest = (prepend + "/" + board + "/" + OTA_IMAGE + "/" + MAX_UNIQUE_SUFFIX)
                .getBytes(StandardCharsets.UTF_8).length;
        if (longest > DEVICE_TOPIC_BUFFER - 1) {
            throw new OtaProtocolException(OtaProtocolException.Kind.INVALID_TOPIC,
                    "prepend and board make unique topics of up to " + longest
                            + " bytes; the device's topic buffer holds 255");
        }
    }

    /**
     * Reads prepend and board back from a request topic {@code <PREPEND>/<BOARD>/publish_notify},
     * as a server subscribed with a wildcard receives it. The board is the level before
     * {@code publish_notify}; the prepend is everything before that (it may itself contain
     * {@code /}).
     */
    public static OtaTopics fromRequestTopic(String topic) {
        if (topic == null || !topic.endsWith(REQUEST_SUFFIX)) {
            throw new OtaProtocolException(OtaProtocolException.Kind.INVALID_TOPIC,
                    "topic " + OtaProtocolException.quote(topic) + " is not <prepend>/<board>/publish_notify");
        }
        String head = topic.substring(0, topic.length() - REQUEST_SUFFIX.length());
        int slash = head.lastIndexOf('/');
        if (slash <= 0 || slash == head.length() - 1) {
            throw new OtaProtocolException(OtaProtocolException.Kind.INVALID_TOPIC,
                    "topic " + OtaProtocolException.quote(topic) + " is not <prepend>/<board>/publish_notify");
        }
        return new OtaTopics(head.substring(0, slash), head.substring(slash + 1));
    }

    /** Subscription filter for the request topics of every board under one prepend: {@code <PREPEND>/+/publish_notify}. */
    public static String requestTopicFilter(String prepend) {
        checkLevelText("prepend", prepend, true);
        return prepend + "/+" + REQUEST_SUFFIX;
    }

    /** {@code <PREPEND>/<BOARD>/publish_notify}: where the device publishes its requests. */
    public String requestTopic() {
        return prepend + "/" + board + REQUEST_SUFFIX;
    }

    /** {@code <PREPEND>/<BOARD>/OTAImage}: the app ("direct") topic the device subscribes to. */
    public String appTopic() {
        return prepend + "/" + board + "/" + OTA_IMAGE;
    }

    /** {@code <PREPEND>/<BOARD>/OTAImage/<n>} for {@code n} in 0..65535, decimal, no padding. */
    public String uniqueTopic(int n) {
        if (n < 0 || n > MAX_UNIQUE_SUFFIX) {
            throw new OtaProtocolException(OtaProtocolException.Kind.INVALID_TOPIC,
                    "unique topic suffix " + n + " is outside 0..65535");
        }
        return appTopic() + "/" + n;
    }

    /** The unique topic a device builds from its RTOS millisecond tick: {@code n = ms & 0xFFFF}. */
    public String uniqueTopicForTick(long rtosMillis) {
        return uniqueTopic((int) (rtosMillis & 0xFFFF));
    }

    /** True when {@code topic} is exactly a unique topic of this board (suffix 0..65535, no padding). */
    public boolean isUniqueTopic(String topic) {
        return uniqueSuffix(topic).isPresent();
    }

    /** The suffix {@code n} of one of this board's unique topics, or empty when it is not one. */
    public OptionalInt uniqueSuffix(String topic) {
        String head = appTopic() + "/";
        if (topic == null || !topic.startsWith(head)) {
            return OptionalInt.empty();
        }
        String digits = topic.substring(head.length());
        if (digits.isEmpty() || digits.length() > 5 || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return OptionalInt.empty();
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return OptionalInt.empty();
            }
        }
        int n = Integer.parseInt(digits);
        return n <= MAX_UNIQUE_SUFFIX ? OptionalInt.of(n) : OptionalInt.empty();
    }

    /** Throws {@link OtaProtocolException} unless {@code topic} is one of this board's unique topics. */
    public int requireUniqueTopic(String topic) {
        OptionalInt n = uniqueSuffix(topic);
        if (n.isEmpty()) {
            throw new OtaProtocolException(OtaProtocolException.Kind.INVALID_TOPIC,
                    "topic " + OtaProtocolException.quote(topic) + " is not a unique topic of "
                            + appTopic() + "/<0..65535>");
        }
        return n.getAsInt();
    }

    private static void checkLevelText(String what, String text, boolean slashAllowed) {
        if (text == null || text.isEmpty()) {
            throw new OtaProtocolException(OtaProtocolException.Kind.INVALID_TOPIC, what + " must not be empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+' || c == '#' || c == '\0' || (c == '/' && !slashAllowed)) {
                throw new OtaProtocolException(OtaProtocolException.Kind.INVALID_TOPIC,
                        what + " " + OtaProtocolException.quote(text) + " contains '"
                                + (c == '\0' ? "\\0" : String.valueOf(c)) + "'");
            }
        }
        if (slashAllowed && (text.startsWith("/") || text.endsWith("/") || text.contains("//"))) {
            throw new OtaProtocolException(OtaProtocolException.Kind.INVALID_TOPIC,
                    what + " " + OtaProtocolException.quote(text) + " has an empty topic level");
        }
    }
}
