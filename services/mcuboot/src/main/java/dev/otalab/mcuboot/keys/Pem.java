package dev.otalab.mcuboot.keys;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 7468 PEM framing (with RFC 1421 headers for legacy encrypted keys), as OpenSSL reads and writes it. */
final class Pem {

    /** One {@code -----BEGIN label-----} … {@code -----END label-----} block. */
    record Block(String label, Map<String, String> headers, byte[] der) {
    }

    private static final String DASHES = "-----";
    private static final String BEGIN = DASHES + "BEGIN ";
    private static final String END = DASHES + "END ";
    private static final int LINE = 64;

    private Pem() {
    }

    /** The blocks in {@code text}, in order; text outside blocks is ignored, as OpenSSL does. */
    static List<Block> decode(String text, String source) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String label = label(lines[i], BEGIN);
            if (label == null) {
                continue;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder base64 = new StringBuilder();
            boolean inHeaders = true;
            boolean ended = false;
            for (i++; i < lines.length; i++) {
                String line = lines[i].strip();
                String endLabel = label(line, END);
                if (endLabel != null) {
                    if (!endLabel.equals(label)) {
                        throw notPem(source, "BEGIN " + label + " ends with END " + endLabel);
                    }
                    ended = true;
                    break;
                }
                if (line.startsWith(BEGIN)) {
                    break;
                }
                int colon = line.indexOf(':');
                if (inHeaders && colon > 0) {
                    headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                    continue;
                }
                inHeaders = false;
                base64.append(line);
            }
            if (!ended) {
                throw notPem(source, "no END line for " + label);
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(base64.toString());
            } catch (IllegalArgumentException e) {
                throw notPem(source, "bad base64 in " + label + " block");
            }
            if (der.length == 0) {
                throw notPem(source, "empty " + label + " block");
            }
            blocks.add(new Block(label, headers, der));
        }
        return blocks;
    }

    /** A block as OpenSSL writes it: 64 base64 characters a line, each line ending in {@code \n}. */
    static String encode(String label, byte[] der) {
        String body = Base64.getEncoder().encodeToString(der);
        StringBuilder out = new StringBuilder(body.length() + body.length() / LINE + 2 * label.length() + 40);
        out.append(BEGIN).append(label).append(DASHES).append('\n');
        for (int i = 0; i < body.length(); i += LINE) {
            out.append(body, i, Math.min(body.length(), i + LINE)).append('\n');
        }
        return out.append(END).append(label).append(DASHES).append('\n').toString();
    }

    static KeyException notPem(String source, String why) {
        return new KeyException("not a PEM key file: " + source + (why == null ? "" : " (" + why + ")"));
    }

    private static String label(String line, String marker) {
        String s = line.strip();
        if (s.startsWith(marker) && s.endsWith(DASHES) && s.length() >= marker.length() + DASHES.length()) {
            return s.substring(marker.length(), s.length() - DASHES.length());
        }
        return null;
    }
}
