package dev.taskflow.actuate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.SpringApplication;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The databases of these tests, chosen as taskflow-autoconfigure's {@code TestDatabase}
 * chooses them: PostgreSQL at {@code TASKFLOW_TEST_POSTGRESQL_URL} (else the local
 * {@code 127.0.0.1:5432/test} as {@code postgres}), each test class in a schema of its
 * own, created empty, so that its counts are its own; MariaDB on the server of
 * {@code TASKFLOW_TEST_MARIADB_URL} (else the local one as {@code root}), each test class
 * in a database of its own; H2 in memory. An unreachable server skips its tests loudly,
 * and fails them when {@code CI=true} or {@code TASKFLOW_REQUIRE_DATABASES=true}.
 * <p>
 * Schemas and databases are named after the test class and this JVM's run
 * ({@code <name>_<random>}), so that two runs on one machine never share one, and dropped
 * when the JVM exits, once Spring Boot has closed the (cached) application contexts that
 * use them: a test run leaves nothing behind, on the local servers or on those of the
 * URLs.
 *
 * @author TaskFlow
 */
final class TestDatabases {

	static final String POSTGRESQL_URL = env("TASKFLOW_TEST_POSTGRESQL_URL", "jdbc:postgresql://127.0.0.1:5432/test");

	static final String POSTGRESQL_USERNAME = env("TASKFLOW_TEST_POSTGRESQL_USERNAME", "postgres");

	static final String POSTGRESQL_PASSWORD = env("TASKFLOW_TEST_POSTGRESQL_PASSWORD", "");

	static final String MARIADB_URL = env("TASKFLOW_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test");

	static final String MARIADB_USERNAME = env("TASKFLOW_TEST_MARIADB_USERNAME", "root");

	static final String MARIADB_PASSWORD = env("TASKFLOW_TEST_MARIADB_PASSWORD", "");

	/**
	 * Tells this JVM's schemas and databases from those of other runs.
	 */
	static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	// the drops registered so far
	private static final Set<String> DROPS = ConcurrentHashMap.newKeySet();

	private TestDatabases() {
	}

	/**
	 * Use a new, empty PostgreSQL schema of this run, dropped when the JVM exits.
	 * @param registry the registry of the test's properties
	 * @param name the name of the schema, to which the run's suffix is added
	 */
	static void postgresql(DynamicPropertyRegistry registry, String name) {
		String schema = name + "_" + RUN;
		try (Connection connection = connectPostgresql(); Statement statement = connection.createStatement()) {
			// a context evicted from the cache and started again starts empty again
			statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
			statement.execute("CREATE SCHEMA " + schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create schema " + schema + " at " + POSTGRESQL_URL, ex);
		}
		dropAtExit("schema " + schema + " at " + POSTGRESQL_URL, TestDatabases::connectPostgresql,
				"DROP SCHEMA IF EXISTS " + schema + " CASCADE");
		registry.add("spring.datasource.url", () -> POSTGRESQL_URL);
		registry.add("spring.datasource.username", () -> POSTGRESQL_USERNAME);
		registry.add("spring.datasource.password", () -> POSTGRESQL_PASSWORD);
		registry.add("spring.datasource.hikari.schema", () -> schema);
	}

	/**
	 * Use a new, empty MariaDB database of this run on the server of
	 * {@code TASKFLOW_TEST_MARIADB_URL}, dropped when the JVM exits.
	 * @param registry the registry of the test's properties
	 * @param name the name of the database, to which the run's suffix is added
	 */
	static void mariadb(DynamicPropertyRegistry registry, String name) {
		String database = name + "_" + RUN;
		try (Connection connection = connectMariadb(); Statement statement = connection.createStatement()) {
			// a context evicted from the cache and started again starts empty again
			statement.execute("DROP DATABASE IF EXISTS " + database);
			statement.execute("CREATE DATABASE " + database);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + database + " at " + MARIADB_URL, ex);
		}
		dropAtExit("database " + database + " at " + MARIADB_URL, TestDatabases::connectMariadb,
				"DROP DATABASE IF EXISTS " + database);
		// the same server and options, another database
		String url = MARIADB_URL.replaceFirst("(jdbc:mariadb://[^/]+/)[^?]*", "$1" + database);
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> MARIADB_USERNAME);
		registry.add("spring.datasource.password", () -> MARIADB_PASSWORD);
	}

	/**
	 * Use a new H2 database in memory.
	 * @param registry the registry of the test's properties
	 */
	static void h2(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:actuate-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		registry.add("spring.datasource.username", () -> "sa");
		registry.add("spring.datasource.password", () -> "");
	}

	/**
	 * Run a drop when the JVM exits, as a Spring Boot shutdown handler: Boot runs those
	 * only after it has closed the application contexts it started, so no TaskFlow node
	 * is still at work in what is dropped (a JVM shutdown hook of our own would race with
	 * the contexts' one). Once per statement, however often a context starts again.
	 */
	private static void dropAtExit(String what, Connector connector, String drop) {
		if (!DROPS.add(drop)) {
			return;
		}
		SpringApplication.getShutdownHandlers().add(() -> {
			try (Connection connection = connector.connect(); Statement statement = connection.createStatement()) {
				statement.execute(drop);
			}
			catch (SQLException ex) {
				System.err.println("*** Could not drop the actuator tests' " + what + " (" + ex.getMessage()
						+ "): drop it by hand ***");
			}
		});
	}

	@FunctionalInterface
	private interface Connector {

		Connection connect() throws SQLException;

	}

	private static Connection connectPostgresql() throws SQLException {
		DriverManager.setLoginTimeout(3);
		return DriverManager.getConnection(POSTGRESQL_URL, POSTGRESQL_USERNAME, POSTGRESQL_PASSWORD);
	}

	private static Connection connectMariadb() throws SQLException {
		DriverManager.setLoginTimeout(3);
		return DriverManager.getConnection(MARIADB_URL, MARIADB_USERNAME, MARIADB_PASSWORD);
	}

	private static String env(String name, String defaultValue) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : defaultValue;
	}

	/**
	 * Runs a test class only when its database server answers; decided before its
	 * application context starts.
	 */
	abstract static class ServerAnswers implements ExecutionCondition {

		private final String name;

		private final String url;

		private final String username;

		private final String variable;

		ServerAnswers(String name, String url, String username, String variable) {
			this.name = name;
			this.url = url;
			this.username = username;
			this.variable = variable;
		}

		abstract Connection connect() throws SQLException;

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if (context.getTestMethod().isPresent()) {
				return ConditionEvaluationResult.enabled("Decided once for the class");
			}
			try (Connection connection = connect()) {
				return ConditionEvaluationResult.enabled(this.name + " answers at " + this.url);
			}
			catch (SQLException ex) {
				String message = "*** " + this.name + " is unreachable at " + this.url + " as " + this.username + " ("
						+ ex.getMessage() + "): the actuator's " + this.name + " integration tests are SKIPPED."
						+ " Start the local server or set " + this.variable + ". ***";
				System.err.println(message);
				if ("true".equalsIgnoreCase(System.getenv("CI"))
						|| "true".equalsIgnoreCase(System.getenv("TASKFLOW_REQUIRE_DATABASES"))) {
					throw new IllegalStateException(message + " CI requires " + this.name + ".", ex);
				}
				return ConditionEvaluationResult.disabled(message);
			}
		}

	}

	static class PostgresqlAnswers extends ServerAnswers {

		PostgresqlAnswers() {
			super("PostgreSQL", POSTGRESQL_URL, POSTGRESQL_USERNAME, "TASKFLOW_TEST_POSTGRESQL_URL");
		}

		@Override
		Connection connect() throws SQLException {
			return connectPostgresql();
		}

	}

	static class MariadbAnswers extends ServerAnswers {

		MariadbAnswers() {
			super("MariaDB", MARIADB_URL, MARIADB_USERNAME, "TASKFLOW_TEST_MARIADB_URL");
		}

		@Override
		Connection connect() throws SQLException {
			return connectMariadb();
		}

	}

}
