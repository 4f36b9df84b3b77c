package dev.otalab.ota;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The server's reading of a device message (§5.1, checklist §12): real JSON parsing, lenient
 * about everything the protocol leaves open and strict about what the server needs.
 *
 * <ul>
 *   <li>The payload must be UTF-8 (a leading byte-order mark is skipped) and one JSON object.</li>
 *   <li>Keys are matched case-insensitively, so {@code ManufacturerID} and {@code ManufacturerId}
 *       both work; two keys equal ignoring case are an error (the message would be ambiguous);
 *       unknown keys are ignored.</li>
 *   <li>{@code Message} decides the type (compared ignoring case and surrounding blanks).</li>
 *   <li>Text fields must be JSON strings. {@code UniqueTopicName} is required and must be a
 *       publishable topic (no {@code +}, {@code #} or NUL); {@code Version} is required for the
 *       three long messages and must be {@code a.b.c}. The identity fields are optional
 *       ({@code null} when absent).</li>
 *   <li>{@code Offset} is required in {@code Request Data Chunk}; {@code Offset} and {@code Size}
 *       may be decimal strings (as the device sends them) or JSON integers. A missing, zero or
 *       negative {@code Size} means "rest of file" (the sample publisher crashes on {@code -1}).</li>
 * </ul>
 *
 * <p>Whatever the bytes, the result is a {@link DeviceMessage} or an {@link OtaProtocolException}
 * with a one-line message, never another exception.
 */
public final class DeviceMessageParser {

    /** Payloads above this are refused before parsing; the device's own limit is 1023 bytes. */
    public static final int MAX_PAYLOAD = 4096;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private DeviceMessageParser() {
    }

    /** Parses one device message. */
    public static DeviceMessage parse(byte[] payload) {
        try {
            return parseChecked(payload);
        } catch (OtaProtocolException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // Defensive: nothing else may escape, whatever a library below does with odd input.
            throw malformed("unreadable payload (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static DeviceMessage parseChecked(byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw malformed("empty payload");
        }
        if (payload.length > MAX_PAYLOAD) {
            throw malformed("payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
        }
        Fields fields = fields(readObject(decodeUtf8(payload)));
        String message = fields.requiredText("Message").trim();
        String topic = requireTopic(fields.requiredText("UniqueTopicName"));
        switch (message.toLowerCase(Locale.ROOT)) {
            case "update availability":
                return new UpdateAvailability(fields.identity(), fields.version(), topic);
            case "request update":
                return new RequestUpdate(fields.identity(), fields.version(), topic);
            case "success":
                return ResultMessage.success(topic);
            case "failure":
                return ResultMessage.failure(topic);
            case "request data chunk":
                return new RequestDataChunk(fields.identity(), fields.version(), topic, fields.optionalText("Filename"),
                        fields.requiredNumber("Offset"), fields.optionalNumber("Size", -1));
            case "send direct update":
                throw new OtaProtocolException(OtaProtocolException.Kind.UNSUPPORTED_MESSAGE,
                        "'Send Direct Update' is not served (the v4.x agent never sends it)");
            default:
                throw malformed("unknown Message " + OtaProtocolException.quote(message));
        }
    }

    private static String decodeUtf8(byte[] payload) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(payload));
            String text = chars.toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw malformed("payload is not valid UTF-8");
        }
    }

    private static JsonNode readObject(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw malformed("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw malformed("empty payload");
        }
        if (!node.isObject()) {
            throw malformed("JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT) + " where an object is expected");
        }
        return node;
    }

    private static Fields fields(JsonNode object) {
        Map<String, Map.Entry<String, JsonNode>> byLowerKey = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            Map.Entry<String, JsonNode> previous = byLowerKey.put(field.getKey().toLowerCase(Locale.ROOT), field);
            if (previous != null) {
                throw malformed("keys " + OtaProtocolException.quote(previous.getKey()) + " and "
                        + OtaProtocolException.quote(field.getKey()) + " differ only in case");
            }
        }
        return new Fields(byLowerKey);
    }

    private static String requireTopic(String topic) {
        if (topic.isEmpty()) {
            throw malformed("UniqueTopicName is empty");
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#' || c == '\0') {
                throw malformed("UniqueTopicName " + OtaProtocolException.quote(topic)
                        + " is not a publishable topic");
            }
        }
        if (topic.getBytes(StandardCharsets.UTF_8).length > 65535) {
            throw malformed("UniqueTopicName is longer than an MQTT topic may be");
        }
        return topic;
    }

    private static OtaProtocolException malformed(String what) {
        return new OtaProtocolException(OtaProtocolException.Kind.MALFORMED_MESSAGE, "device message: " + what);
    }

    /** The object's fields by lower-case key. */
    private record Fields(Map<String, Map.Entry<String, JsonNode>> byLowerKey) {

        JsonNode node(String key) {
            Map.Entry<String, JsonNode> e = byLowerKey.get(key.toLowerCase(Locale.ROOT));
            return e == null ? null : e.getValue();
        }

        String requiredText(String key) {
            String text = optionalText(key);
            if (text == null) {
                throw malformed("missing " + key);
            }
            return text;
        }

        String optionalText(String key) {
            JsonNode node = node(key);
            if (node == null) {
                return null;
            }
            if (!node.isTextual()) {
                throw malformed(key + " is a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                        + ", expected a string");
            }
            return node.textValue();
        }

        OtaVersion version() {
            String text = requiredText("Version");
            try {
                return OtaVersion.parse(text);
            } catch (OtaProtocolException e) {
                throw malformed(e.getMessage());
            }
        }

        DeviceIdentity identity() {
            return new DeviceIdentity(optionalText("Manufacturer"), optionalText("ManufacturerID"),
                    optionalText("ProductID"), optionalText("SerialNumber"), optionalText("BoardName"));
        }

        long requiredNumber(String key) {
            if (node(key) == null) {
                throw malformed("missing " + key);
            }
            return optionalNumber(key, 0);
        }

        long optionalNumber(String key, long absent) {
            JsonNode node = node(key);
            if (node == null) {
                return absent;
            }
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return node.longValue();
            }
            if (node.isTextual()) {
                String text = node.textValue().trim();
                if (text.matches("[+-]?\\d{1,18}")) {
                    return Long.parseLong(text);
                }
            }
            throw malformed(key + " " + OtaProtocolException.quote(node.toString()) + " is not an integer");
        }
    }
}
