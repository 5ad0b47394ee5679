package io.github.genieenhancer.core.space;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.genieenhancer.core.GenieEnhancerException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** JSON plumbing for {@code serialized_space}: lossless reading, writing, canonical form, multi-line text. */
final class SpaceJson {
    /**
     * Reads numbers as written (BigDecimal, trailing zeros kept) so unknown numeric fields survive unchanged, and
     * refuses duplicate keys and trailing garbage instead of silently dropping data.
     */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** Writes object properties sorted by name, so the fingerprint does not depend on key order. */
    private static final ObjectMapper CANONICAL = MAPPER.rebuild()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SpaceJson() {
    }

    static JsonNode readTree(String json) throws JsonProcessingException {
        return MAPPER.readTree(json);
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new GenieEnhancerException("Cannot write serialized_space", e);
        }
    }

    /** SHA-256 (lowercase hex) of the tree written with sorted keys and no whitespace. */
    static String fingerprint(JsonNode node) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(node);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException e) {
            throw new GenieEnhancerException("Cannot write serialized_space", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform provides SHA-256", e);
        }
    }

    /**
     * The 1-based line where the value at {@code pointer} starts in {@code source}, found by streaming the text
     * again; only called when reporting an error, so the cost does not matter.
     */
    static Optional<Integer> lineOf(String source, JsonPointer pointer) {
        if (source == null) {
            return Optional.empty();
        }
        try (JsonParser parser = MAPPER.getFactory().createParser(source)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME || token.isStructEnd()) {
                    continue;
                }
                JsonStreamContext context = parser.getParsingContext();
                if (token.isStructStart()) {
                    context = context.getParent();
                }
                if (context != null && context.pathAsPointer().equals(pointer)) {
                    return Optional.of(parser.currentTokenLocation().getLineNr());
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A multi-line field's text: the elements of a {@code string[]} joined without separator, as the API does. */
    static String text(JsonNode lines) {
        StringBuilder sb = new StringBuilder();
        lines.forEach(line -> sb.append(line.asText()));
        return sb.toString();
    }

    /** Splits text into lines that each end in {@code \n}, except a last line without one. */
    static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** The text as the API writes it: a {@code string[]} of lines. */
    static ArrayNode lines(String text) {
        return strings(splitLines(text));
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode(values.size());
        values.forEach(array::add);
        return array;
    }

    /**
     * Texts joined into one, a line break inserted where a text does not end with one, so the last line of one
     * never runs into the first line of the next.
     */
    static String joinTexts(List<String> texts) {
        StringBuilder sb = new StringBuilder();
        for (String text : texts) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n' && !text.isEmpty()) {
                sb.append('\n');
            }
            sb.append(text);
        }
        return sb.toString();
    }

    /** The object at {@code field}, created (replacing a JSON null) when it is not an object yet. */
    static ObjectNode object(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode object ? object : parent.putObject(field);
    }

    /** The array at {@code field}, created (replacing a JSON null) when it is not an array yet. */
    static ArrayNode array(ObjectNode parent, String field) {
        return parent.get(field) instanceof ArrayNode array ? array : parent.putArray(field);
    }

    /** The text, or empty when it is null or blank. */
    static Optional<String> nonBlank(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    /** Shortens text to its first line and at most 100 characters, for summaries. */
    static String abbreviate(String text) {
        String line = text.strip();
        int newline = line.indexOf('\n');
        if (newline >= 0) {
            line = line.substring(0, newline).strip() + " ...";
        }
        return line.length() <= 100 ? line : line.substring(0, 97) + "...";
    }
}
