package io.github.genieenhancer.genie.internal;

import java.util.Collection;
import java.util.regex.Pattern;

/** Removes credentials from text that ends up in exceptions and logs. */
public final class Redaction {
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',]+");
    private static final Pattern PERSONAL_ACCESS_TOKEN = Pattern.compile("\\bdapi[0-9A-Za-z-]{4,}");
    private static final String MASK = "***";

    private Redaction() {
    }

    /** The text with bearer tokens and Databricks personal access tokens replaced by {@code ***}. */
    public static String redact(String text) {
        if (text == null) {
            return "";
        }
        String withoutBearer = BEARER.matcher(text).replaceAll("$1" + MASK);
        return PERSONAL_ACCESS_TOKEN.matcher(withoutBearer).replaceAll(MASK);
    }

    /** Like {@link #redact(String)}, and every occurrence of the known secrets replaced too, whatever their shape. */
    public static String redact(String text, Collection<String> secrets) {
        String masked = text == null ? "" : text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                masked = masked.replace(secret, MASK);
            }
        }
        return redact(masked);
    }

    /**
     * The cause to attach to an exception: the throwable itself when no message of its chain holds a credential,
     * otherwise {@code null}, since a cause is printed with every logged stack trace.
     */
    public static Throwable safeCause(Throwable cause, Collection<String> secrets) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && !redact(message, secrets).equals(message)) {
                return null;
            }
        }
        return cause;
    }
}
