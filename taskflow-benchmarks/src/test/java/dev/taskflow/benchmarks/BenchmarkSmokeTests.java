package dev.taskflow.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.taskflow.benchmarks.Scenarios.Sizes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every benchmark scenario once, tiny, so that the benchmarks cannot rot. Measures
 * nothing: speed is reported by the benchmark command, never asserted.
 * <p>
 * On the local server it works in a database of its own, {@code taskflow_bench_<random>},
 * dropped at its end, so that it leaves no TaskFlow tables in the shared {@code test}
 * database; a URL in {@code TASKFLOW_BENCH_POSTGRESQL_URL} is used as it is.
 *
 * @author TaskFlow
 */
class BenchmarkSmokeTests {

	@Test
	void everyScenarioRunsAndReportsItsFigures() throws Exception {
		OwnDatabase.assumePostgresAnswers();
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		List<Figure> figures;
		try (OwnDatabase ignored = OwnDatabase.create()) {
			figures = new Benchmarks(new PrintStream(output, true, StandardCharsets.UTF_8), Sizes.smoke())
				.run(Set.of(BenchDatabase.POSTGRESQL), new LinkedHashSet<>(Benchmarks.SCENARIOS));
		}
		String printed = output.toString(StandardCharsets.UTF_8);
		assertThat(figures).extracting(Figure::scenario).containsAll(Benchmarks.SCENARIOS);
		assertThat(figures).allSatisfy((figure) -> assertThat(figure.runs()).isNotEmpty());
		assertThat(figures).filteredOn((figure) -> figure.unit().equals("jobs/s") || figure.unit().equals("chains/s"))
			.allSatisfy((figure) -> assertThat(figure.median()).isPositive());
		assertThat(printed).contains("{\"type\":\"environment\"", "{\"type\":\"figure\"", "| database ");
	}

}
