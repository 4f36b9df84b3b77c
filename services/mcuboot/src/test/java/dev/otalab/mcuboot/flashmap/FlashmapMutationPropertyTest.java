package dev.otalab.mcuboot.flashmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Random damage to valid maps never escapes as anything but a FlashmapException. */
class FlashmapMutationPropertyTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final FlashmapReader READER = FlashmapReader.defaults()
            .withPlatformFile(TestPaths.projectFlashmaps().resolve(FlashmapReader.XMC7200_PLATFORM_FILE));

    /** Replacement values: near-misses of real values and wrong JSON types. */
    private static final List<JsonNode> PAYLOADS = List.of(
            NODES.textNode("0x0"), NODES.textNode(""), NODES.textNode("0xZZ"), NODES.textNode("-1"),
            NODES.textNode("0xFFFFFFFF"), NODES.textNode("0x100000000"), NODES.textNode("010"),
            NODES.textNode(" 0x200 "), NODES.textNode("0x18000000"), NODES.textNode("0x10000000"),
            NODES.textNode("0x200"), NODES.textNode("0x40000"), NODES.textNode("0x1C0000"), NODES.textNode("true"),
            NODES.textNode("XIP"), NODES.textNode("S25FL512S"), NODES.textNode("junk"), NODES.numberNode(1),
            NODES.numberNode(-5), NODES.nullNode(), NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode(),
            NODES.objectNode().put("description", "d").put("value", "0x1000"),
            NODES.arrayNode().add(NODES.objectNode().put("model", "S25HS256T")));

    /** Characters inserted by textual edits. */
    private static final String NOISE = "{}[],:\"x0\\\u0000é";

    private static final List<String> KEYS = List.of("value", "description", "address", "size", "application_2",
            "application_9", "factory_app", "scratch_address", "status_size", "boot", "mode", "flash-size", "x");

    /** One edit: what to do, where (index into the tree's nodes) and with what. */
    record Mutation(int kind, int target, int payload) {
    }

    @Provide
    Arbitrary<Path> baseMaps() {
        return Arbitraries.of(Stream.concat(TestPaths.mapsIn(TestPaths.referenceFlashmaps()).stream(),
                TestPaths.mapsIn(TestPaths.projectFlashmaps()).stream()).toList());
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> any = Arbitraries.integers().between(0, 10_000);
        return Combinators.combine(Arbitraries.integers().between(0, 5), any, any).as(Mutation::new)
                .list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 400)
    void mutatedMapsLoadOrFailWithFlashmapException(@ForAll("baseMaps") Path base,
                                                    @ForAll("mutations") List<Mutation> mutations) {
        String text = mutate(TestPaths.read(base), mutations);
        String source = base.getFileName().toString();
        try {
            Flashmap map = READER.parse(text, source);
            Statistics.label("outcome").collect("loaded");
            assertSound(map);
        } catch (FlashmapException e) {
            Statistics.label("outcome").collect("refused");
            assertThat(e.getMessage()).startsWith(source + ": ").doesNotContain("\n", "\r");
            assertThat(e.field()).isNotBlank();
        }
        Statistics.label("outcome").coverage(c -> {
            c.check("loaded").count(n -> n > 0);
            c.check("refused").count(n -> n > 0);
        });
    }

    /** What every accepted map guarantees. */
    private static void assertSound(Flashmap map) {
        assertThat(map.imageCount()).isPositive();
        assertThat(map.maxImageSectors()).isGreaterThanOrEqualTo(Flashmap.MIN_IMAGE_SECTORS);
        for (int image = 1; image <= map.imageCount(); image++) {
            assertThat(map.primary(image).size()).isEqualTo(map.secondary(image).size());
        }
        List<FlashArea> areas = map.areas();
        for (int i = 0; i < areas.size(); i++) {
            FlashArea a = areas.get(i);
            assertThat(map.memories()).contains(a.memory());
            assertThat(map.areaAt(a.address())).contains(a);
            for (int j = i + 1; j < areas.size(); j++) {
                FlashArea b = areas.get(j);
                assertThat(a.address() < b.end() && b.address() < a.end()).as("%s overlaps %s", a, b).isFalse();
            }
        }
    }

    private static String mutate(String original, List<Mutation> mutations) {
        JsonNode root;
        try {
            root = MAPPER.readTree(original);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Mutation textEdit = null;
        for (Mutation m : mutations) {
            List<JsonNode> containers = new ArrayList<>();
            collectContainers(root, containers);
            JsonNode parent = containers.get(m.target() % containers.size());
            switch (m.kind()) {
                case 0 -> removeChild(parent, m.payload());
                case 1, 2 -> replaceChild(parent, m.payload(), PAYLOADS.get(m.payload() % PAYLOADS.size()));
                case 3 -> {
                    if (parent instanceof ObjectNode object) {
                        String key = KEYS.get(m.payload() % KEYS.size());
                        JsonNode moved = object.remove(firstKey(object, m.payload()));
                        if (moved != null) {
                            object.set(key, moved);
                        }
                    }
                }
                default -> textEdit = m; // 4 truncates, 5 inserts a character (applied to the text)
            }
        }
        String text = root.toPrettyString();
        if (textEdit != null) {
            int at = textEdit.payload() % (text.length() + 1);
            text = textEdit.kind() == 4 ? text.substring(0, at)
                    : text.substring(0, at) + NOISE.charAt(textEdit.target() % NOISE.length()) + text.substring(at);
        }
        return text;
    }

    private static void collectContainers(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.elements().forEachRemaining(child -> collectContainers(child, out));
        }
    }

    private static String firstKey(ObjectNode object, int pick) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys.isEmpty() ? "" : keys.get(pick % keys.size());
    }

    private static void removeChild(JsonNode parent, int pick) {
        if (parent instanceof ObjectNode object) {
            object.remove(firstKey(object, pick));
        } else if (parent instanceof ArrayNode array && !array.isEmpty()) {
            array.remove(pick % array.size());
        }
    }

    private static void replaceChild(JsonNode parent, int pick, JsonNode value) {
        if (parent instanceof ObjectNode object && !object.isEmpty()) {
            object.set(firstKey(object, pick), value.deepCopy());
        } else if (parent instanceof ArrayNode array && !array.isEmpty()) {
            array.set(pick % array.size(), value.deepCopy());
        }
    }
}
