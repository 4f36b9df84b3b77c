package dev.otalab.mcuboot.keys;

import static dev.otalab.mcuboot.keys.KeyTestFiles.keyFile;
import static dev.otalab.mcuboot.keys.KeyTestFiles.text;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever the input, reading a key either works or fails with a KeyException, never anything else. */
class KeyParsePropertyTest {

    private static final List<String> FILES = List.of("ed25519.pem", "ecdsa-p256.pem", "ecdsa-p256.pub.pem",
            "ecdsa-p384.pem", "rsa-2048.pem", "x25519.pem", "ecdsa-p256.trad.pem", "rsa-2048.pkcs1pub.pem",
            "ecdsa-p256.imgtool-enc.pem", "ecdsa-p256.trad-enc.pem");
    private static final List<String> LABELS = List.of("PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "EC PRIVATE KEY",
            "RSA PRIVATE KEY", "PUBLIC KEY", "RSA PUBLIC KEY");
    private static final char[] PASSWORD = "secret".toCharArray();

    @Property
    void randomBytes(@ForAll @Size(max = 600) byte[] bytes) {
        parse(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    @Property
    void mutatedPemText(@ForAll("pemText") String pem, @ForAll("edits") List<Edit> edits) {
        StringBuilder s = new StringBuilder(pem);
        for (Edit e : edits) {
            e.apply(s);
        }
        parse(s.toString());
    }

    /** Damage below the PEM framing, where the ASN.1 and key checks run. */
    @Property
    void mutatedDer(@ForAll("pemText") String pem, @ForAll("edits") List<Edit> edits) {
        Pem.Block block = Pem.decode(pem, "test").get(0);
        StringBuilder der = new StringBuilder(new String(block.der(), StandardCharsets.ISO_8859_1));
        for (Edit e : edits) {
            e.apply(der);
        }
        String framed = Pem.encode(block.label(), der.toString().getBytes(StandardCharsets.ISO_8859_1));
        String headers = block.headers().entrySet().stream().map(h -> h.getKey() + ": " + h.getValue() + "\n")
                .collect(Collectors.joining()) + (block.headers().isEmpty() ? "" : "\n");
        int body = framed.indexOf('\n') + 1;
        parse(framed.substring(0, body) + headers + framed.substring(body));
    }

    @Property
    void randomDerInAKeyBlock(@ForAll("label") String label, @ForAll @Size(min = 1, max = 300) byte[] der) {
        parse(Pem.encode(label, der));
        parse(Pem.encode(label, ("0" + new String(der, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static void parse(String text) {
        try {
            McubootKey k = McubootKey.parse(text, PASSWORD);
            k.publicKeyBytes();
            k.publicPem();
        } catch (KeyException expected) {
            if (expected.getMessage() == null || expected.getMessage().contains("\n")) {
                throw new AssertionError("not a one-line message: " + expected.getMessage());
            }
        }
    }

    @Provide
    Arbitrary<String> pemText() {
        return Arbitraries.of(FILES).map(f -> text(keyFile(f)));
    }

    @Provide
    Arbitrary<String> label() {
        return Arbitraries.of(LABELS);
    }

    /** A small edit at a relative position (0..1) of a string. */
    record Edit(int kind, double where, char c, int length) {
        void apply(StringBuilder s) {
            int at = (int) (where * s.length());
            switch (kind) {
                case 0 -> {
                    if (at < s.length()) {
                        s.setCharAt(at, c);
                    }
                }
                case 1 -> s.insert(at, c);
                case 2 -> s.delete(at, Math.min(s.length(), at + length));
                default -> s.insert(at, s.substring(at, Math.min(s.length(), at + length)));
            }
        }
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Character> chars = Arbitraries.oneOf(
                Arbitraries.of(Base64.getEncoder().encodeToString(new byte[] {(byte) 0xf8, 0x00, 0x42, 0x7f, (byte) 0x80, 0x30})
                        .chars().mapToObj(i -> (char) i).toList()),
                Arbitraries.chars().range('\0', '\u00ff'),
                Arbitraries.of('-', '\n', ':', '=', ' '));
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.doubles().between(0, 1), chars, Arbitraries.integers().between(1, 40)).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(4);
    }
}
