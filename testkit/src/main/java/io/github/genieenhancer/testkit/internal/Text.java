package io.github.genieenhancer.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Tokenising and stemming shared by the Genie's matching rules, so questions and configuration compare alike. */
public final class Text {
    /** Words that carry no meaning for matching. */
    public static final Set<String> STOPWORDS = Set.of("a", "an", "the", "of", "in", "on", "for", "to", "what",
            "which", "how", "many", "much", "is", "are", "was", "were", "be", "been", "did", "do", "does", "show",
            "me", "list", "give", "all", "there", "from", "with", "and", "or", "that", "who", "whose", "have", "has",
            "had", "their", "its", "it", "we", "our", "i", "please", "by", "per", "each", "at", "as", "during",
            "tell", "find", "get", "this", "these", "those", "any", "you", "can", "into");

    private Text() {
    }

    /** One word of a question: as written, and its stem. */
    public record Token(String original, String stem) {
    }

    /** Splits text into tokens (letters and digits), keeping the original spelling. */
    public static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        for (String w : text.split("[^A-Za-z0-9]+")) {
            if (!w.isEmpty()) {
                out.add(new Token(w, stem(w)));
            }
        }
        return out;
    }

    /** The stems of a text's words, joined by single spaces: the key the lexicon is indexed by. */
    public static String key(String text) {
        return String.join(" ", tokens(text).stream().map(Token::stem).toList());
    }

    /** The stems of a text's words without stopwords. */
    public static List<String> contentStems(String text) {
        return tokens(text).stream().map(Token::stem).filter(s -> !STOPWORDS.contains(s)).toList();
    }

    /** A light English stemmer: plural, past-tense and -ing endings, "monthly" and friends. */
    public static String stem(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.length() > 4 && w.endsWith("ly") && (w.equals("monthly") || w.equals("yearly") || w.equals("weekly")
                || w.equals("daily") || w.equals("quarterly"))) {
            return w.equals("daily") ? "day" : w.substring(0, w.length() - 2);
        }
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 5 && w.endsWith("ing")) {
            return undouble(w.substring(0, w.length() - 3));
        }
        if (w.length() > 4 && w.endsWith("ed")) {
            return undouble(w.substring(0, w.length() - 2));
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    private static String undouble(String w) {
        int n = w.length();
        if (n > 2 && w.charAt(n - 1) == w.charAt(n - 2) && "aeiou".indexOf(w.charAt(n - 1)) < 0) {
            return w.substring(0, n - 1);
        }
        return w;
    }
}
