package io.github.genieenhancer.core.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BenchmarkSetSplitTest {

    private static BenchmarkSet numbered(String format, int count) {
        return BenchmarkSet.of("set", IntStream.rangeClosed(1, count)
                .mapToObj(i -> Benchmark.of(String.format(format, i), "question " + i, "SELECT " + i)).toList());
    }

    @Test
    void sequentialIdsAreSpreadOverBothSetsInAboutTheAskedShare() {
        // Ids that differ only in their last characters are the common case: q1..q200, b01..b42.
        assertThat(numbered("q%d", 200).split(0.2).get("held-out").size()).isBetween(28, 52);
        assertThat(numbered("b%02d", 42).split(0.2).get("held-out").size()).isBetween(4, 14);
        assertThat(numbered("b%02d", 42).split(0.6).get("held-out").size()).isBetween(19, 32);
    }

    @Test
    void theSplitIsStableKeepsTheOrderAndLosesNothing() {
        BenchmarkSet set = numbered("kpi_%03d", 60);

        Map<String, BenchmarkSet> split = set.split(0.3);

        assertThat(set.split(0.3)).isEqualTo(split);
        List<Benchmark> tuning = split.get("tuning").benchmarks();
        List<Benchmark> heldOut = split.get("held-out").benchmarks();
        assertThat(tuning).hasSize(60 - heldOut.size()).isSortedAccordingTo(
                (a, b) -> Integer.compare(set.benchmarks().indexOf(a), set.benchmarks().indexOf(b)));
        assertThat(heldOut).isSortedAccordingTo(
                (a, b) -> Integer.compare(set.benchmarks().indexOf(a), set.benchmarks().indexOf(b)));
        assertThat(tuning).doesNotContainAnyElementsOf(heldOut);
        assertThat(split.get("held-out").name()).isEqualTo("set (held-out)");
    }

    @Test
    void theEndsOfTheRangeSendEverythingOneWay() {
        BenchmarkSet set = numbered("q%d", 30);

        assertThat(set.split(0).get("held-out").size()).isZero();
        assertThat(set.split(1).get("tuning").size()).isZero();
        assertThatThrownBy(() -> set.split(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heldOutFraction");
    }
}
