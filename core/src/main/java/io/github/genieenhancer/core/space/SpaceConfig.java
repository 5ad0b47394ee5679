package io.github.genieenhancer.core.space;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.DocumentFormatException;
import io.github.genieenhancer.core.GenieEnhancerException;
import io.github.genieenhancer.core.GenieJson;

/**
 * A Genie space's configuration: the parsed {@code serialized_space} JSON. Immutable; every edit returns a new
 * instance. Fields the library does not model are kept as they are, so {@code parse(json).toJson()} is lossless.
 */
public final class SpaceConfig {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode root;

    private SpaceConfig(ObjectNode root) {
        this.root = root;
    }

    /** Parses a {@code serialized_space} document. */
    public static SpaceConfig parse(String json) {
        return parse(json, "serialized_space");
    }

    /**
     * Parses a {@code serialized_space} document.
     *
     * @param document a name for error messages, e.g. the file path or "serialized_space of space 01ef..."
     * @throws DocumentFormatException when the text is not a JSON object
     */
    public static SpaceConfig parse(String json, String document) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw GenieJson.formatError(document, "serialized_space", e);
        }
        if (node == null || !node.isObject()) {
            throw new DocumentFormatException(document, 1, "", "a JSON object", null);
        }
        return new SpaceConfig((ObjectNode) node);
    }

    /** The configuration as compact JSON, the form the API's {@code serialized_space} takes. */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new GenieEnhancerException("Cannot write serialized_space", e);
        }
    }

    /** A deep copy of the JSON tree. */
    public ObjectNode toTree() {
        return root.deepCopy();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpaceConfig other && root.equals(other.root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    @Override
    public String toString() {
        return "SpaceConfig" + root;
    }
}
