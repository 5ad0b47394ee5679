package io.github.genieenhancer.core;

import java.util.Optional;

/**
 * A document (a {@code serialized_space}, a benchmark file, a stored state file) is malformed. The exception names
 * the document, the line or record when known, the field (a JSON path such as
 * {@code instructions.join_specs[2].sql}) and what was expected, so the user can fix the input without a debugger.
 */
public class DocumentFormatException extends GenieEnhancerException {
    private static final long serialVersionUID = 1L;

    /** The file path or name of the malformed document. */
    private final String document;
    /** The 1-based line or record number, or {@code null} when unknown. */
    private final Integer line;
    /** The offending field's path, or {@code null} when the whole document is at fault. */
    private final String field;
    /** What was expected at that place. */
    private final String expected;

    /**
     * Creates an exception.
     *
     * @param document the file path or a name for the document, e.g. {@code serialized_space of space 01ef...}
     * @param line     1-based line or record number, or {@code null} when unknown
     * @param field    the field's path, or {@code null} when the whole document is at fault
     * @param expected what was expected there, e.g. {@code "an array of strings"}
     * @param cause    the parser's exception, or {@code null}
     */
    public DocumentFormatException(String document, Integer line, String field, String expected, Throwable cause) {
        super(format(document, line, field, expected), cause);
        this.document = document;
        this.line = line;
        this.field = field;
        this.expected = expected;
    }

    /** Creates an exception without a line number or cause. */
    public DocumentFormatException(String document, String field, String expected) {
        this(document, null, field, expected, null);
    }

    /** The file path or name of the malformed document. */
    public String document() {
        return document;
    }

    /** The 1-based line (or record) number, when known. */
    public Optional<Integer> line() {
        return Optional.ofNullable(line);
    }

    /** The path of the offending field, when known. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** What was expected at that place. */
    public String expected() {
        return expected;
    }

    private static String format(String document, Integer line, String field, String expected) {
        StringBuilder sb = new StringBuilder(document);
        if (line != null) {
            sb.append(':').append(line);
        }
        if (field != null && !field.isEmpty()) {
            sb.append(": field '").append(field).append('\'');
        }
        return sb.append(": expected ").append(expected).toString();
    }
}
