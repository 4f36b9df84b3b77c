package dev.otalab.mcuboot.hex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class IntelHexPropertiesTest {

    /** One edit of a HEX text. */
    record Mutation(int kind, int position, char c) {
        String apply(String text) {
            if (text.isEmpty()) {
                return String.valueOf(c);
            }
            int p = position % text.length();
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            int l = position % lines.size();
            return switch (kind) {
                case 0 -> text.substring(0, p) + c + text.substring(p + 1);           // replace
                case 1 -> text.substring(0, p) + text.substring(p + 1);               // delete
                case 2 -> text.substring(0, p) + c + text.substring(p);               // insert
                case 3 -> text.substring(0, p);                                       // truncate
                case 4 -> { lines.add(l, lines.get(l)); yield String.join("\n", lines); }   // duplicate line
                case 5 -> { lines.remove(l); yield String.join("\n", lines); }             // drop line
                default -> { String s = lines.remove(l); lines.add(s); yield String.join("\n", lines); } // move line
            };
        }
    }

    @Provide
    Arbitrary<MemoryImage> images() {
        Arbitrary<Long> address = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 0x1_0000),
                Arbitraries.longs().between(0xFF00, 0x2_0100),
                Arbitraries.longs().between(0x1800_0000L, 0x1802_0000L),
                Arbitraries.longs().between(0xFFFF_FF00L, 0xFFFF_FFB0L));
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(80);
        return Combinators.combine(address, data).as(MemoryImage::of).list().ofMinSize(0).ofMaxSize(4)
                .map(parts -> {
                    MemoryImage image = new MemoryImage();
                    for (MemoryImage part : parts) {
                        for (MemoryImage.Segment s : part.segments()) {
                            image.put(s.address(), s.data());
                        }
                    }
                    return image;
                });
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Character> chars = Arbitraries.oneOf(
                Arbitraries.chars().with("0123456789ABCDEFabcdef:\r\n"),
                Arbitraries.chars().with("G :\u0000\u00e9\u20ac\t"));
        return Combinators.combine(Arbitraries.integers().between(0, 6),
                        Arbitraries.integers().between(0, 1_000_000), chars)
                .as(Mutation::new).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property
    void writtenImagesReadBackEqual(@ForAll("images") MemoryImage image) {
        assertThat(IntelHex.parse(IntelHex.write(image))).isEqualTo(image);
    }

    @Property(tries = 2000)
    void mutatedTextEitherParsesOrThrowsHexFormatException(@ForAll("images") MemoryImage image,
                                                          @ForAll("mutations") List<Mutation> mutations) {
        String text = IntelHex.write(image);
        for (Mutation m : mutations) {
            text = m.apply(text);
        }
        MemoryImage parsed;
        try {
            parsed = IntelHex.parse(text);
        } catch (HexFormatException e) {
            assertThat(e.getMessage()).startsWith("line ").doesNotContain("\n");
            return;
        }
        // whatever was accepted is a proper image that survives its own round trip
        assertThat(IntelHex.parse(IntelHex.write(parsed))).isEqualTo(parsed);
    }

    record Put(int address, byte[] data) {
    }

    @Provide
    Arbitrary<List<Put>> puts() {
        return Combinators.combine(Arbitraries.integers().between(0, 600),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(70))
                .as(Put::new).list().ofMaxSize(25);
    }

    @Property
    void memoryImageBehavesLikeAPlainArray(@ForAll("puts") List<Put> puts) {
        long base = 0x1800_FF00L;  // straddles a 64 KB boundary
        int[] model = new int[700];
        java.util.Arrays.fill(model, -1);
        MemoryImage image = new MemoryImage();
        for (Put p : puts) {
            image.put(base + p.address(), p.data());
            for (int i = 0; i < p.data().length; i++) {
                model[p.address() + i] = p.data()[i] & 0xFF;
            }
        }

        long used = java.util.Arrays.stream(model).filter(v -> v >= 0).count();
        assertThat(image.size()).isEqualTo(used);
        for (int i = 0; i < model.length; i++) {
            assertThat(image.get(base + i)).as("offset %d", i).isEqualTo(model[i]);
        }
        long previousEnd = -1;
        for (MemoryImage.Segment s : image.segments()) {
            assertThat(s.address()).isGreaterThan(previousEnd);  // disjoint and never adjacent
            previousEnd = s.end();
        }
        assertThat(IntelHex.parse(IntelHex.write(image))).isEqualTo(image);
    }
}
