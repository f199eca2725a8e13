package dev.taskflow.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A database of this run on the local server, which the benchmarks use (in this JVM and
 * the node JVMs they start) while it is open, dropped when closed; nothing on a server of
 * {@code TASKFLOW_BENCH_POSTGRESQL_URL}.
 *
 * @author TaskFlow
 */
final class OwnDatabase implements AutoCloseable {

	private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	private final String sharedUrl;

	private final String name;

	private OwnDatabase(String sharedUrl, String name) {
		this.sharedUrl = sharedUrl;
		this.name = name;
	}

	/**
	 * Skips the calling test when PostgreSQL does not answer, or fails it on CI or with
	 * {@code TASKFLOW_REQUIRE_DATABASES=true}.
	 */
	static void assumePostgresAnswers() {
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
