package dev.taskflow.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.taskflow.benchmarks.Scenarios.Sizes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every benchmark scenario once, tiny, so that the benchmarks cannot rot. Measures
 * nothing: speed is reported by the benchmark command, never asserted.
 *
 * @author TaskFlow
 */
class BenchmarkSmokeTests {

	@Test
	void everyScenarioRunsAndReportsItsFigures() throws Exception {
		assumePostgresAnswers();
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		List<Figure> figures = new Benchmarks(new PrintStream(output, true, StandardCharsets.UTF_8), Sizes.smoke())
			.run(Set.of(BenchDatabase.POSTGRESQL), new LinkedHashSet<>(Benchmarks.SCENARIOS));
		String printed = output.toString(StandardCharsets.UTF_8);
		assertThat(figures).extracting(Figure::scenario).containsAll(Benchmarks.SCENARIOS);
		assertThat(figures).allSatisfy((figure) -> assertThat(figure.runs()).isNotEmpty());
		assertThat(figures).filteredOn((figure) -> figure.unit().equals("jobs/s"))
			.allSatisfy((figure) -> assertThat(figure.median()).isPositive());
		assertThat(printed).contains("{\"type\":\"environment\"", "{\"type\":\"figure\"", "| database ");
	}

	private static void assumePostgresAnswers() {
		Map<String, String> properties = BenchDatabase.POSTGRESQL.properties();
		try (Connection connection = DriverManager.getConnection(properties.get("spring.datasource.url"),
				properties.get("spring.datasource.username"), properties.get("spring.datasource.password"))) {
			connection.isValid(3);
		}
		catch (SQLException ex) {
			String message = "*** PostgreSQL is unreachable: the benchmark smoke test is SKIPPED (" + ex.getMessage()
					+ ") ***";
			System.err.println(message);
			if ("true".equalsIgnoreCase(System.getenv("CI"))
					|| "true".equalsIgnoreCase(System.getenv("TASKFLOW_REQUIRE_DATABASES"))) {
				Assertions.fail(message);
			}
			Assumptions.abort(message);
		}
	}

}
