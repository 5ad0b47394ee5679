package io.github.genieenhancer.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration the library uses for its own documents (value types, stored state, reports):
 * ISO-8601 times, {@code Optional} support, unknown properties tolerated for forward compatibility. Parse errors
 * become a {@link DocumentFormatException} naming the document, line and field.
 */
public final class GenieJson {
    private static final ObjectMapper MAPPER = newMapper();

    private GenieJson() {
    }

    /** A new mapper with the library's settings; callers may change their copy freely. */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    /** The shared mapper. Do not reconfigure it; use {@link #newMapper()} for a private copy. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads a document into a type.
     *
     * @param json     the JSON text
     * @param type     the target type
     * @param document a name for the document used in error messages (a file path, "plan p-123")
     * @throws DocumentFormatException naming the document, line and field when the text is malformed or a field
     *                                 is missing or of the wrong type
     */
    public static <T> T read(String json, Class<T> type, String document) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw formatError(document, type.getSimpleName(), e);
        }
    }

    /** Writes a value as indented JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new GenieEnhancerException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Turns a Jackson failure into an exception that names the document, line, field and expectation. */
    public static DocumentFormatException formatError(String document, String what, JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        Integer line = location == null || location.getLineNr() < 1 ? null : location.getLineNr();
        String field = null;
        String expected;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = path(mapping);
        }
        if (e instanceof ValueInstantiationException vie) {
            Throwable cause = vie.getCause() == null ? vie : vie.getCause();
            expected = "a valid " + vie.getType().getRawClass().getSimpleName() + " (" + cause.getMessage() + ")";
        } else if (e instanceof InvalidFormatException ife) {
            expected = "a value of type " + ife.getTargetType().getSimpleName() + ", got '" + ife.getValue() + "'";
        } else if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            expected = "a value of type " + mie.getTargetType().getSimpleName();
        } else {
            expected = "well-formed JSON for " + what + " (" + e.getOriginalMessage() + ")";
        }
        return new DocumentFormatException(document, line, field, expected, e);
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            }
        }
        return sb.toString();
    }
}
