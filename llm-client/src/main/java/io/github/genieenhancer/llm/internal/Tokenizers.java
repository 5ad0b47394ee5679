package io.github.genieenhancer.llm.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

/** jtokkit's encodings, each loaded once on first use (a vocabulary is a few megabytes). */
public final class Tokenizers {
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private Tokenizers() {
    }

    /** Tokens of the text in {@code o200k_base}; special-token markers count as ordinary text. */
    public static int o200k(String text) {
        return O200k.ENCODING.countTokensOrdinary(text);
    }

    /** Tokens of the text in {@code cl100k_base}; special-token markers count as ordinary text. */
    public static int cl100k(String text) {
        return Cl100k.ENCODING.countTokensOrdinary(text);
    }

    private static final class O200k {
        static final Encoding ENCODING = REGISTRY.getEncoding(EncodingType.O200K_BASE);
    }

    private static final class Cl100k {
        static final Encoding ENCODING = REGISTRY.getEncoding(EncodingType.CL100K_BASE);
    }
}
