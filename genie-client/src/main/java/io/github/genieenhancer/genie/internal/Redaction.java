package io.github.genieenhancer.genie.internal;

import java.util.regex.Pattern;

/** Removes anything shaped like a credential from text that ends up in exceptions and logs. */
public final class Redaction {
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',]+");
    private static final Pattern PERSONAL_ACCESS_TOKEN = Pattern.compile("\\bdapi[0-9A-Za-z-]{4,}");

    private Redaction() {
    }

    /** The text with bearer tokens and Databricks personal access tokens replaced by {@code ***}. */
    public static String redact(String text) {
        if (text == null) {
            return "";
        }
        String withoutBearer = BEARER.matcher(text).replaceAll("$1***");
        return PERSONAL_ACCESS_TOKEN.matcher(withoutBearer).replaceAll("***");
    }
}
