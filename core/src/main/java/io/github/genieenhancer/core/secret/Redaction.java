package io.github.genieenhancer.core.secret;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Removes credentials from text: the library's one way to redact, used wherever text that came from a server (an
 * error message, a statement error, Genie's prose, an HTTP error body) enters the library's values, exceptions and
 * logs, and by the command-line tool's log output. Bearer tokens, Databricks personal access tokens ({@code dapi...})
 * and JSON web tokens (OAuth access tokens) are masked by their shape; a credential of any other shape (an opaque
 * token, an API key) only when it is given, see {@link SentCredentials}. Public so that
 * a module of the library, a {@code StateStore} or a tool built on it redacts exactly as the library does.
 */
public final class Redaction {
    /** What replaces a credential. */
    public static final String MASK = "***";
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',]+");
    private static final Pattern PERSONAL_ACCESS_TOKEN = Pattern.compile("\\bdapi[0-9A-Za-z-]{4,}");
    /** A JSON web token, the shape of Databricks' and Microsoft Entra's OAuth tokens: header.payload.signature. */
    private static final Pattern JSON_WEB_TOKEN =
            Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");

    private Redaction() {
    }

    /** The text with bearer tokens, Databricks personal access tokens and JSON web tokens replaced by {@code ***}. */
    public static String redact(String text) {
        if (text == null) {
            return "";
        }
        String withoutBearer = BEARER.matcher(text).replaceAll("$1" + MASK);
        String withoutJwt = JSON_WEB_TOKEN.matcher(withoutBearer).replaceAll(MASK);
        return PERSONAL_ACCESS_TOKEN.matcher(withoutJwt).replaceAll(MASK);
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
