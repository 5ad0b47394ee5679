package io.github.genieenhancer.scoring.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versions of a space's configuration seen while a run is scored, to know which version each answer was given
 * against: the space is read (one GET, which the Genie rate limit does not count) after each answer, and an answer
 * belongs to a version when every read from the last one before it was asked to the one after it was answered
 * found that version. Otherwise the space changed while the question was asked, and its version is unknown.
 * Reads are one at a time, so the reads form a sequence. Thread-safe.
 */
public final class SpaceVersions {
    private static final Logger LOG = LoggerFactory.getLogger(SpaceVersions.class);

    private final Supplier<String> read;
    private final List<String> reads = new ArrayList<>();

    /**
     * Starts the sequence.
     *
     * @param first the version read when the run started
     * @param read  reads the space's current version (its configuration's fingerprint)
     */
    public SpaceVersions(String first, Supplier<String> read) {
        this.read = read;
        reads.add(first);
    }

    /** The position of the latest read: take it before a question is asked. */
    public synchronized int mark() {
        return reads.size() - 1;
    }

    /**
     * Reads the space now, after an answer, and tells the version the answer was given against.
     *
     * @param mark the position taken before the question was asked
     * @return the version; none when the space changed since the mark, or could not be read
     */
    public synchronized Seen versionSince(int mark) {
        String now;
        try {
            now = read.get();
        } catch (RuntimeException e) {
            LOG.warn("Could not read the space to tell which version an answer was given against: {}",
                    e.getMessage());
            return new Seen(Optional.empty(), false);
        }
        reads.add(now);
        for (String version : reads.subList(mark, reads.size())) {
            if (!version.equals(now)) {
                return new Seen(Optional.empty(), true);
            }
        }
        return new Seen(Optional.of(now), false);
    }

    /**
     * The version an answer was given against.
     *
     * @param version the version, when known
     * @param changed whether it is unknown because the space changed while the question was asked
     */
    public record Seen(Optional<String> version, boolean changed) {
    }

    /** Every version seen, first seen first: more than one means the space was edited during the run. */
    public synchronized List<String> versions() {
        return List.copyOf(new LinkedHashSet<>(reads));
    }
}
