package dev.otalab.mcuboot.flashmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads values out of a Jackson tree while keeping the JSON path of each, so every error names
 * the field it is about. One instance per file being read.
 */
final class JsonFields {

    private static final Pattern APPLICATION = Pattern.compile("application_([1-9][0-9]{0,2})");

    private final String source;

    JsonFields(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    FlashmapException error(String field, String problem) {
        return new FlashmapException(source, field, problem);
    }

    static String path(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** The object at {@code parent.key}; null if absent and not required. */
    ObjectNode object(JsonNode parent, String parentPath, String key, boolean required) {
        JsonNode node = parent.get(key);
        String path = path(parentPath, key);
        if (node == null) {
            if (required) {
                throw error(path, "missing");
            }
            return null;
        }
        if (!node.isObject()) {
            throw error(path, "expected an object, found " + kind(node));
        }
        return (ObjectNode) node;
    }

    /** The non-empty array at {@code parent.key}; null if absent and not required. */
    ArrayNode array(JsonNode parent, String parentPath, String key, boolean required) {
        JsonNode node = parent.get(key);
        String path = path(parentPath, key);
        if (node == null) {
            if (required) {
                throw error(path, "missing");
            }
            return null;
        }
        if (!node.isArray()) {
            throw error(path, "expected an array, found " + kind(node));
        }
        if (node.isEmpty()) {
            throw error(path, "is empty");
        }
        return (ArrayNode) node;
    }

    ObjectNode element(ArrayNode array, String arrayPath, int index) {
        JsonNode node = array.get(index);
        if (!node.isObject()) {
            throw error(arrayPath + "[" + index + "]", "expected an object, found " + kind(node));
        }
        return (ObjectNode) node;
    }

    // ---- PSoC 6 leaves: {"description": "...", "value": "..."} ----

    /** The number in leaf {@code parent.key.value}; null if the leaf is absent and not required. */
    Long leafNumber(ObjectNode parent, String parentPath, String key, boolean required) {
        JsonNode value = leafValue(parent, parentPath, key, required);
        return value == null ? null : number(value, path(parentPath, key) + ".value");
    }

    /** The string in leaf {@code parent.key.value}; null if the leaf is absent. */
    String leafText(ObjectNode parent, String parentPath, String key) {
        JsonNode value = leafValue(parent, parentPath, key, false);
        return value == null ? null : text(value, path(parentPath, key) + ".value");
    }

    /** The boolean in leaf {@code parent.key.value} ("true"/"false", any case); false if absent. */
    boolean leafFlag(ObjectNode parent, String parentPath, String key) {
        JsonNode value = leafValue(parent, parentPath, key, false);
        if (value == null) {
            return false;
        }
        String field = path(parentPath, key) + ".value";
        String text = value.isBoolean() ? value.asText() : text(value, field);
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(field, quote(text) + " is not a boolean (expected \"true\" or \"false\")");
        };
    }

    private JsonNode leafValue(ObjectNode parent, String parentPath, String key, boolean required) {
        ObjectNode leaf = object(parent, parentPath, key, required);
        if (leaf == null) {
            return null;
        }
        String path = path(parentPath, key);
        JsonNode description = leaf.get("description");
        if (description == null) {
            throw error(path + ".description", "missing (every leaf needs \"description\" and \"value\")");
        }
        if (!description.isTextual()) {
            throw error(path + ".description", "expected a string, found " + kind(description));
        }
        JsonNode value = leaf.get("value");
        if (value == null) {
            throw error(path + ".value", "missing (every leaf needs \"description\" and \"value\")");
        }
        return value;
    }

    // ---- plain string values (external_flash, XMC maps, platform files) ----

    Long plainNumber(ObjectNode parent, String parentPath, String key, boolean required) {
        JsonNode value = parent.get(key);
        if (value == null) {
            if (required) {
                throw error(path(parentPath, key), "missing");
            }
            return null;
        }
        return number(value, path(parentPath, key));
    }

    String plainText(ObjectNode parent, String parentPath, String key) {
        JsonNode value = parent.get(key);
        return value == null ? null : text(value, path(parentPath, key));
    }

    String text(JsonNode value, String field) {
        if (!value.isTextual()) {
            throw error(field, "expected a string, found " + kind(value));
        }
        return value.textValue();
    }

    long number(JsonNode value, String field) {
        String text = text(value, field);
        String problem = numberProblem(text);
        if (problem != null) {
            throw error(field, quote(text) + " " + problem);
        }
        return parseNumber(text);
    }

    /**
     * Why the text is not a number the generator would accept (Python {@code int(text, 0)},
     * restricted to hex and decimal) in the 32-bit address space; null if it is fine.
     */
    static String numberProblem(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return "is not a number (empty)";
        }
        boolean hex = t.length() > 2 && (t.startsWith("0x") || t.startsWith("0X"));
        String digits = hex ? t.substring(2) : t;
        int radix = hex ? 16 : 10;
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0 || digits.charAt(i) > 0x7f) {
                return "is not a number (expected \"0x\" followed by hex digits, or decimal digits)";
            }
        }
        if (!hex && digits.length() > 1 && digits.charAt(0) == '0') {
            return "is not a number (a decimal with a leading zero is ambiguous; write \"0x…\" for hex)";
        }
        String significant = digits.replaceFirst("^0+", "");
        if (significant.length() > 10 || Long.parseLong(significant.isEmpty() ? "0" : significant, radix) > 0xFFFF_FFFFL) {
            return "is out of range (larger than 0xFFFFFFFF)";
        }
        return null;
    }

    private static long parseNumber(String text) {
        String t = text.strip();
        boolean hex = t.startsWith("0x") || t.startsWith("0X");
        return Long.parseLong(hex ? t.substring(2) : t, hex ? 16 : 10);
    }

    // ---- images ----

    /**
     * Number of {@code application_N} objects under {@code parent}, checked to be numbered 1..n
     * without gaps and n ≤ max.
     */
    int imageCount(ObjectNode parent, String parentPath, int max) {
        TreeSet<Integer> present = new TreeSet<>();
        parent.fieldNames().forEachRemaining(name -> {
            Matcher m = APPLICATION.matcher(name);
            if (m.matches()) {
                present.add(Integer.parseInt(m.group(1)));
            }
        });
        if (!present.contains(1)) {
            throw error(path(parentPath, "application_1"), "missing (a map needs at least one image)");
        }
        for (int n : present) {
            if (n > max) {
                throw error(path(parentPath, "application_" + n), "at most " + max + " images are supported");
            }
            if (n > 1 && !present.contains(n - 1)) {
                throw error(path(parentPath, "application_" + n),
                        "application_" + (n - 1) + " is missing (images are numbered from 1 without gaps)");
            }
        }
        return present.last();
    }

    // ---- formatting ----

    static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        int limit = Math.min(text.length(), 40);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(text.length() > limit ? "…\"" : "\"").toString();
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
