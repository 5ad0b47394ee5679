package io.github.genieenhancer.enhancement.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/** Comparison keys for texts written by people and models, where spacing and case carry no meaning. */
public final class Texts {
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern TRAILING_SEMICOLONS = Pattern.compile("[;\\s]+$");

    private Texts() {
    }

    /** The text trimmed, lower-cased, with every run of white space made one space. */
    public static String key(String text) {
        return SPACE.matcher(text.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    /** Like {@link #key(String)} for SQL, also ignoring trailing semicolons. */
    public static String sqlKey(String sql) {
        return key(TRAILING_SEMICOLONS.matcher(sql).replaceAll(""));
    }

    /** A table identifier without backticks, lower-cased. */
    public static String tableKey(String identifier) {
        return identifier.replace("`", "").strip().toLowerCase(Locale.ROOT);
    }

    /** The last part of a table identifier, the name join conditions and snippets qualify columns with. */
    public static String shortName(String identifier) {
        String plain = tableKey(identifier);
        return plain.substring(plain.lastIndexOf('.') + 1);
    }
}
