/**
 * Keeping credentials out of what the library writes: {@link io.github.genieenhancer.core.secret.Redaction} masks
 * tokens by their shape or because they are known, {@link io.github.genieenhancer.core.secret.SentCredentials}
 * remembers what a client sent. Every module redacts server text through these, once, where it enters the library.
 */
package io.github.genieenhancer.core.secret;
