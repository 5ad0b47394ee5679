package io.github.genieenhancer.core.space;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Test documents from {@code src/test/resources/space} and tree helpers. */
final class SpaceFixtures {
    /** A plain Jackson mapper, independent of the one under test. */
    static final ObjectMapper PLAIN = new ObjectMapper();

    /** The real export of a Genie space (Korean KPI space, 7 tables), as the API returned it. */
    static final String REAL_EXPORT = "genie-space-export-v2.json";
    /** A valid, normal space with unknown fields at every level, including nested unknown objects. */
    static final String SALES = "sales-space-with-unknown-fields.json";
    /** A space that breaks most of the API's rules in ways normalized() can fix. */
    static final String BROKEN = "space-breaking-api-rules.json";

    private SpaceFixtures() {
    }

    static String text(String name) {
        try (InputStream in = SpaceFixtures.class.getResourceAsStream("/space/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /space/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SpaceConfig load(String name) {
        return SpaceConfig.parse(text(name), name);
    }

    static JsonNode plainTree(String json) {
        try {
            return PLAIN.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the tree without the values at the given JSON pointers. */
    static ObjectNode without(JsonNode tree, String... pointers) {
        ObjectNode copy = (ObjectNode) tree.deepCopy();
        for (String pointer : pointers) {
            JsonPointer at = JsonPointer.compile(pointer);
            JsonNode parent = copy.at(at.head());
            String last = at.last().getMatchingProperty();
            if (parent.isObject()) {
                ((ObjectNode) parent).remove(last);
            } else if (parent.isArray()) {
                ((ArrayNode) parent).remove(Integer.parseInt(last));
            }
        }
        return copy;
    }

    /** A config parsed from a changed copy of another's tree. */
    static SpaceConfig edited(SpaceConfig config, Consumer<ObjectNode> change) {
        ObjectNode tree = config.toTree();
        change.accept(tree);
        return SpaceConfig.parse(tree.toString(), "edited");
    }
}
