package dev.taskflow.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
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
		assumePostgresAnswers();
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		List<Figure> figures;
		try (OwnDatabase ignored = OwnDatabase.create()) {
			figures = new Benchmarks(new PrintStream(output, true, StandardCharsets.UTF_8), Sizes.smoke())
				.run(Set.of(BenchDatabase.POSTGRESQL), new LinkedHashSet<>(Benchmarks.SCENARIOS));
		}
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

	/**
	 * A database of this run on the local server, which the benchmarks use (in this JVM
	 * and the node JVMs they start) while it is open, dropped when closed; nothing on a
	 * server of {@code TASKFLOW_BENCH_POSTGRESQL_URL}.
	 */
	private static final class OwnDatabase implements AutoCloseable {

		private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";

		private final String sharedUrl;

		private final String name;

		private OwnDatabase(String sharedUrl, String name) {
			this.sharedUrl = sharedUrl;
			this.name = name;
		}

		static OwnDatabase create() throws SQLException {
			String sharedUrl = BenchDatabase.POSTGRESQL.url();
			if (!sharedUrl.equals(LOCAL_URL)) {
				return new OwnDatabase(sharedUrl, null);
			}
			String name = "taskflow_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
			try (Connection connection = connect(sharedUrl); Statement statement = connection.createStatement()) {
				statement.execute("CREATE DATABASE " + name);
			}
			System.setProperty(BenchDatabase.POSTGRESQL.urlProperty(), sharedUrl.replaceFirst("/test$", "/" + name));
			return new OwnDatabase(sharedUrl, name);
		}

		private static Connection connect(String url) throws SQLException {
			Map<String, String> properties = BenchDatabase.POSTGRESQL.properties();
			return DriverManager.getConnection(url, properties.get("spring.datasource.username"),
					properties.get("spring.datasource.password"));
		}

		@Override
		public void close() throws SQLException {
			if (this.name == null) {
				return;
			}
			System.clearProperty(BenchDatabase.POSTGRESQL.urlProperty());
			try (Connection connection = connect(this.sharedUrl); Statement statement = connection.createStatement()) {
				// every node was closed: a backend may linger a moment after its JVM
				statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + this.name
						+ "' AND pid <> pg_backend_pid()");
				statement.execute("DROP DATABASE IF EXISTS " + this.name);
			}
		}

	}

}
