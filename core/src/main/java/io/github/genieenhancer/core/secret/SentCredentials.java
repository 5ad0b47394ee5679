package io.github.genieenhancer.core.secret;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The credentials a client has sent, remembered so that a server echoing one back cannot leak it: a token need not
 * have a recognisable shape (an opaque OAuth token, an API key), so only knowing what was sent can mask it. A client
 * records the credential of every request it makes (tokens are refreshed, so there may be several) and redacts
 * every piece of server text with {@link #redact(String)} before the text reaches a value, an exception or a log.
 * Thread-safe.
 */
public final class SentCredentials {
    /** Enough for hours of hourly OAuth refreshes; the oldest are forgotten first. */
    private static final int REMEMBERED = 16;

    private final LinkedHashSet<String> credentials = new LinkedHashSet<>();

    /** Remembers a credential a request carried (the token without its scheme); blank values are ignored. */
    public void remember(String credential) {
        if (credential == null || credential.isBlank()) {
            return;
        }
        synchronized (credentials) {
            if (credentials.remove(credential) || credentials.size() < REMEMBERED) {
                credentials.add(credential);
                return;
            }
            Iterator<String> oldest = credentials.iterator();
            oldest.next();
            oldest.remove();
            credentials.add(credential);
        }
    }

    /** The text with every remembered credential, bearer token and personal access token replaced by {@code ***}. */
    public String redact(String text) {
        return Redaction.redact(text, snapshot());
    }

    /** The cause to attach to an exception: {@code null} when a message of its chain holds a credential. */
    public Throwable safeCause(Throwable cause) {
        return Redaction.safeCause(cause, snapshot());
    }

    private List<String> snapshot() {
        synchronized (credentials) {
            return new ArrayList<>(credentials);
        }
    }
}
