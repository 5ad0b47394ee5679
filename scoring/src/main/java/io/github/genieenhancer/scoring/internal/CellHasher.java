package io.github.genieenhancer.scoring.internal;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Turns a cell's text into a 64-bit hash of its value under a {@link CellMode}, without allocating for numbers and
 * text. Numbers are normalised digit by digit (sign, significant digits, decimal exponent), so {@code 1}, {@code 1.0}
 * and {@code 1E0} hash alike, and rounding to significant digits is decimal, with no binary floating point. One
 * instance per thread: it reuses a buffer.
 */
final class CellHasher {
    static final long NULL_HASH = 0x6a09e667f3bcc909L;
    private static final long TEXT_SEED = 0xbb67ae8584caa73bL;
    private static final long NUMBER_SEED = 0x3c6ef372fe94f82bL;
    private static final long TEMPORAL_SEED = 0xa54ff53a5f1d36f1L;
    private static final long UNREADABLE_SEED = 0x510e527fade682d1L;
    private static final long TRUE_HASH = 0x9b05688c2b3e6c1fL;
    private static final long FALSE_HASH = 0x1f83d9abfb41bd6bL;
    private static final long ZERO_HASH = 0x5be0cd19137e2179L;
    private static final long NAN_HASH = 0x428a2f98d728ae22L;
    private static final long POSITIVE_INFINITY_HASH = 0x7137449123ef65cdL;
    private static final long NEGATIVE_INFINITY_HASH = 0xb5c0fbcfec4d3b2fL;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final int significantDigits;
    private char[] digits = new char[64];
    /**
     * The last cell hashed as an exact number and its count of significant digits: a column compared both exactly
     * and rounded hashes each cell twice in a row, and a number with no more digits than kept rounds to itself.
     */
    private String lastExactCell;
    private int lastExactLength;
    private long lastExactHash;

    CellHasher(int significantDigits) {
        this.significantDigits = significantDigits;
    }

    long hash(String cell, CellMode mode) {
        if (cell == null) {
            return NULL_HASH;
        }
        return switch (mode) {
            case TEXT -> text(cell, TEXT_SEED);
            case EXACT_NUMBER -> number(cell, 0);
            case ROUNDED_NUMBER -> number(cell, significantDigits);
            case BOOLEAN -> bool(cell);
            case TEMPORAL -> temporal(cell);
        };
    }

    /** Mixes a 64-bit value so that every input bit affects every output bit (MurmurHash3's finaliser). */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Folds one more cell hash into an ordered row hash. */
    static long combine(long rowHash, long cellHash) {
        return Long.rotateLeft(rowHash ^ cellHash, 27) * 0x94d049bb133111ebL + 0x632be59bd9b4e019L;
    }

    static long text(String s, long seed) {
        long h = seed ^ s.length() * 0x9e3779b97f4a7c15L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return mix(h);
    }

    private static long bool(String cell) {
        if (cell.equalsIgnoreCase("true")) {
            return TRUE_HASH;
        }
        if (cell.equalsIgnoreCase("false")) {
            return FALSE_HASH;
        }
        return text(cell, UNREADABLE_SEED);
    }

    private static long temporal(String cell) {
        if (cell.length() == 10 && cell.charAt(4) == '-' && cell.charAt(7) == '-') {
            return text(cell, TEMPORAL_SEED);
        }
        String iso = cell.strip().replaceFirst(" ", "T");
        LocalDateTime value;
        try {
            value = OffsetDateTime.parse(iso).atZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } catch (DateTimeParseException notOffset) {
            try {
                value = LocalDateTime.parse(iso);
            } catch (DateTimeParseException notLocal) {
                return text(cell, UNREADABLE_SEED);
            }
        }
        String canonical = value.toLocalTime().equals(LocalTime.MIDNIGHT) ? value.toLocalDate().toString()
                : value.toString();
        return text(canonical, TEMPORAL_SEED);
    }

    /**
     * Hashes a decimal number as (sign, significant digits, exponent) with value 0.D x 10^E, rounded half up to
     * {@code keep} significant digits when {@code keep > 0}. Text that is not a number hashes as unreadable text,
     * which equals only the same text.
     */
    private long number(String cell, int keep) {
        if (keep > 0 && cell == lastExactCell && lastExactLength <= keep) {
            return lastExactHash;
        }
        int start = 0;
        int end = cell.length();
        while (start < end && isSpace(cell.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(cell.charAt(end - 1))) {
            end--;
        }
        boolean negative = false;
        if (start < end && (cell.charAt(start) == '-' || cell.charAt(start) == '+')) {
            negative = cell.charAt(start) == '-';
            start++;
        }
        if (digits.length < end - start) {
            digits = new char[end - start];
        }
        // Rounding to keep digits looks at one digit more; those after it never change the value hashed.
        int stored = keep > 0 ? keep + 1 : Integer.MAX_VALUE;
        int length = 0;
        long exponent = 0;
        boolean sawDigit = false;
        boolean sawPoint = false;
        int i = start;
        for (; i < end; i++) {
            char c = cell.charAt(i);
            if (c >= '0' && c <= '9') {
                sawDigit = true;
                if (length == 0 && c == '0') {
                    if (sawPoint) {
                        exponent--;
                    }
                } else {
                    if (length < stored) {
                        digits[length++] = c;
                    }
                    if (!sawPoint) {
                        exponent++;
                    }
                }
            } else if (c == '.' && !sawPoint) {
                sawPoint = true;
            } else {
                break;
            }
        }
        if (!sawDigit) {
            return special(cell, start, end, negative);
        }
        if (i < end) {
            char c = cell.charAt(i);
            if (c != 'e' && c != 'E' || i + 1 == end) {
                return text(cell, UNREADABLE_SEED);
            }
            i++;
            boolean negativeExponent = false;
            if (cell.charAt(i) == '-' || cell.charAt(i) == '+') {
                negativeExponent = cell.charAt(i) == '-';
                i++;
            }
            if (i == end) {
                return text(cell, UNREADABLE_SEED);
            }
            long e = 0;
            for (; i < end; i++) {
                char d = cell.charAt(i);
                if (d < '0' || d > '9') {
                    return text(cell, UNREADABLE_SEED);
                }
                e = Math.min(e * 10 + (d - '0'), 1_000_000_000L);
            }
            exponent += negativeExponent ? -e : e;
        }
        while (length > 0 && digits[length - 1] == '0') {
            length--;
        }
        if (length == 0) {
            return ZERO_HASH;
        }
        if (keep > 0 && length > keep) {
            boolean roundUp = digits[keep] >= '5';
            length = keep;
            if (roundUp) {
                int at = keep - 1;
                while (at >= 0 && digits[at] == '9') {
                    digits[at--] = '0';
                }
                if (at < 0) {
                    digits[0] = '1';
                    length = 1;
                    exponent++;
                } else {
                    digits[at]++;
                }
            }
            while (length > 0 && digits[length - 1] == '0') {
                length--;
            }
        }
        long h = NUMBER_SEED ^ (negative ? 0x8000000000000000L : 0) ^ exponent * 0x9e3779b97f4a7c15L;
        for (int d = 0; d < length; d++) {
            h = (h ^ digits[d]) * FNV_PRIME;
        }
        h = mix(h ^ length);
        if (keep == 0) {
            lastExactCell = cell;
            lastExactLength = length;
            lastExactHash = h;
        }
        return h;
    }

    /** Whitespace, with the common case (a character above the space) decided by one comparison. */
    private static boolean isSpace(char c) {
        return c <= ' ' ? Character.isWhitespace(c) : c > 0x7f && Character.isWhitespace(c);
    }

    private static long special(String cell, int start, int end, boolean negative) {
        String word = cell.substring(start, end);
        if (word.equalsIgnoreCase("NaN")) {
            return NAN_HASH;
        }
        if (word.equalsIgnoreCase("Infinity") || word.equalsIgnoreCase("Inf")) {
            return negative ? NEGATIVE_INFINITY_HASH : POSITIVE_INFINITY_HASH;
        }
        return text(cell, UNREADABLE_SEED);
    }
}
