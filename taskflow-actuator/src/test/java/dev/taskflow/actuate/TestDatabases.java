package dev.taskflow.actuate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The databases of these tests, chosen as taskflow-autoconfigure's {@code TestDatabase}
 * chooses them: PostgreSQL at {@code TASKFLOW_TEST_POSTGRESQL_URL} (else the local
 * {@code 127.0.0.1:5432/test} as {@code postgres}), each test class in a schema of its
 * own, created empty, so that its counts are its own; MariaDB on the server of
 * {@code TASKFLOW_TEST_MARIADB_URL} (else the local one as {@code root}), each test class
 * in a database of its own; H2 in memory. An unreachable server skips its tests loudly,
 * and fails them when {@code CI=true} or {@code TASKFLOW_REQUIRE_DATABASES=true}.
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

	private TestDatabases() {
	}

	/**
	 * Use a new, empty PostgreSQL schema.
	 * @param registry the registry of the test's properties
	 * @param schema the schema, dropped and created again
	 */
	static void postgresql(DynamicPropertyRegistry registry, String schema) {
		try (Connection connection = connectPostgresql(); Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
			statement.execute("CREATE SCHEMA " + schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create schema " + schema + " at " + POSTGRESQL_URL, ex);
		}
		registry.add("spring.datasource.url", () -> POSTGRESQL_URL);
		registry.add("spring.datasource.username", () -> POSTGRESQL_USERNAME);
		registry.add("spring.datasource.password", () -> POSTGRESQL_PASSWORD);
		registry.add("spring.datasource.hikari.schema", () -> schema);
	}

	/**
	 * Use a new, empty MariaDB database on the server of
	 * {@code TASKFLOW_TEST_MARIADB_URL}.
	 * @param registry the registry of the test's properties
	 * @param database the database, dropped and created again
	 */
	static void mariadb(DynamicPropertyRegistry registry, String database) {
		try (Connection connection = connectMariadb(); Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + database);
			statement.execute("CREATE DATABASE " + database);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + database + " at " + MARIADB_URL, ex);
		}
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
