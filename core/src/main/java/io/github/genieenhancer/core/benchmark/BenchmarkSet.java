package io.github.genieenhancer.core.benchmark;

import io.github.genieenhancer.core.space.BenchmarkQuestion;
import io.github.genieenhancer.core.space.SpaceConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An ordered set of benchmarks with unique ids.
 *
 * @param name       a name for reports, e.g. the file name
 * @param benchmarks the benchmarks, in file order
 */
public record BenchmarkSet(String name, List<Benchmark> benchmarks) {

    /** Validates that ids are unique. */
    public BenchmarkSet {
        Objects.requireNonNull(name, "name");
        benchmarks = List.copyOf(benchmarks);
        Set<String> seen = new HashSet<>();
        for (Benchmark b : benchmarks) {
            if (!seen.add(b.id())) {
                throw new IllegalArgumentException("duplicate benchmark id '" + b.id() + "' in " + name);
            }
        }
    }

    /** A set of the given benchmarks. */
    public static BenchmarkSet of(String name, List<Benchmark> benchmarks) {
        return new BenchmarkSet(name, benchmarks);
    }

    /**
     * Reads a benchmark file, chosen by its extension: {@code .yaml}/{@code .yml} and {@code .json} (a list of
     * benchmarks, an object with {@code name} and {@code benchmarks}, the original system's seed files, or a Genie
     * space export with {@code benchmarks.questions}), or {@code .csv} with a header row. Fields: {@code id},
     * {@code question}, {@code expected_sql} (also {@code expectedSql} or {@code sql}), optional {@code category}
     * and {@code tags}; any other field is kept as a tag. See docs/benchmark-format.md.
     *
     * @throws io.github.genieenhancer.core.DocumentFormatException naming the file, line (and record) and field when
     *                                                              the file is malformed, a required field is empty,
     *                                                              two benchmarks share an id, or reading it would
     *                                                              drop or overwrite something: a second document,
     *                                                              a key given twice, two SQL fields, a CSV column
     *                                                              named twice
     * @throws io.github.genieenhancer.core.GenieEnhancerException  when the file cannot be read
     */
    public static BenchmarkSet load(Path path) {
        return BenchmarkFileReader.read(path);
    }

    /**
     * The benchmarks stored in a space's configuration ({@code benchmarks.questions}), under the space's question
     * ids. A question without a SQL answer gets an empty expected SQL; scorers exclude it from the accuracy.
     *
     * @param name a name for reports, e.g. "space 01ef... benchmarks"
     * @throws IllegalArgumentException when a question is blank or two share an id
     */
    public static BenchmarkSet fromSpace(SpaceConfig space, String name) {
        List<Benchmark> benchmarks = new ArrayList<>();
        for (BenchmarkQuestion question : space.benchmarkQuestions()) {
            benchmarks.add(Benchmark.of(question.id(), question.question(), question.sql().orElse("")));
        }
        return new BenchmarkSet(name, benchmarks);
    }

    /**
     * A space configuration whose {@code benchmarks.questions} are this set, in order, replacing the ones it had;
     * the rest of the configuration is untouched. Genie needs 32-hex-character ids: a benchmark whose id is one
     * keeps it, the others get new ids (read them back with {@link SpaceConfig#benchmarkQuestions()}, in the same
     * order). Category and tags are not part of the space format and are not written.
     */
    public SpaceConfig toSpace(SpaceConfig space) {
        List<BenchmarkQuestion> questions = new ArrayList<>();
        for (Benchmark b : benchmarks) {
            questions.add(new BenchmarkQuestion(b.id(), b.question(),
                    b.expectedSql().isBlank() ? Optional.empty() : Optional.of(b.expectedSql())));
        }
        return space.withBenchmarkQuestions(questions);
    }

    /** The number of benchmarks. */
    public int size() {
        return benchmarks.size();
    }

    /** The benchmark with this id. */
    public Optional<Benchmark> byId(String id) {
        return benchmarks.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /** The benchmarks that match a predicate, as a new set named {@code name}. */
    public BenchmarkSet filter(String name, Predicate<Benchmark> predicate) {
        return new BenchmarkSet(name, benchmarks.stream().filter(predicate).toList());
    }

    /**
     * Splits into a tuning set and a held-out set, deterministically: each benchmark goes to the held-out set when
     * the SHA-256 of its id, read as a fraction of 1, falls under {@code heldOutFraction}. The same id always lands
     * on the same side (across runs, JVMs and sets), and ids that differ only in a digit ({@code q1}, {@code q2},
     * ...) are spread like random ones, so each side gets about its share. Both sets keep this set's order.
     *
     * @param heldOutFraction between 0 and 1
     * @return the tuning set under key "tuning" and the held-out set under key "held-out"
     */
    public Map<String, BenchmarkSet> split(double heldOutFraction) {
        if (heldOutFraction < 0 || heldOutFraction > 1) {
            throw new IllegalArgumentException("heldOutFraction must be within [0, 1], got " + heldOutFraction);
        }
        List<Benchmark> tuning = new ArrayList<>();
        List<Benchmark> heldOut = new ArrayList<>();
        for (Benchmark b : benchmarks) {
            (bucket(b.id()) < heldOutFraction ? heldOut : tuning).add(b);
        }
        Map<String, BenchmarkSet> split = new LinkedHashMap<>();
        split.put("tuning", new BenchmarkSet(name + " (tuning)", tuning));
        split.put("held-out", new BenchmarkSet(name + " (held-out)", heldOut));
        return split;
    }

    /** Where an id falls in [0, 1): the top 53 bits of its SHA-256, so neighbouring ids land far apart. */
    private static double bucket(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return (ByteBuffer.wrap(digest).getLong() >>> 11) / (double) (1L << 53);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
