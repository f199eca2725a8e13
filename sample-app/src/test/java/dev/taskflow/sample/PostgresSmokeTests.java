package dev.taskflow.sample;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.SpringApplication;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Smoke tests of the sample with its {@code postgres} profile, against the local
 * PostgreSQL ({@code 127.0.0.1:5432/test} as {@code postgres}, or the server in
 * {@code TASKFLOW_TEST_POSTGRESQL_URL}). Skipped with a loud message when it does not
 * answer, failed instead when {@code CI=true} or {@code TASKFLOW_REQUIRE_DATABASES=true}.
 * <p>
 * Other test suites use the same {@code test} database, and a TaskFlow worker claims
 * every due job whose handler name it knows: a suite with an {@code email.send} handler
 * would run this sample's e-mails, and this sample would run theirs. So the sample works
 * in a schema of its own, {@code taskflow_sample_<random>}, which holds its own
 * {@code taskflow_job} and {@code sample_user} tables: named per run, so that two runs on
 * one machine never share it, and dropped when the JVM exits, once Spring Boot has closed
 * the (cached) application context, so that a run leaves nothing behind.
 *
 * @author TaskFlow
 */
@ExtendWith(PostgresSmokeTests.PostgresAnswers.class)
@ActiveProfiles("postgres")
class PostgresSmokeTests extends AbstractSmokeTests {

	static final String SCHEMA = "taskflow_sample_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	private static final String URL = env("TASKFLOW_TEST_POSTGRESQL_URL", LOCAL_URL);

	private static final String USERNAME = env("TASKFLOW_TEST_POSTGRESQL_USERNAME", "postgres");

	private static final String PASSWORD = env("TASKFLOW_TEST_POSTGRESQL_PASSWORD", "");

	// the schema is created once, however often a context starts
	private static final AtomicBoolean created = new AtomicBoolean();

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) throws SQLException {
		createSchema();
		registry.add("spring.datasource.hikari.schema", () -> SCHEMA);
		// without an override the postgres profile's own settings are the ones tested
		if (!URL.equals(LOCAL_URL)) {
			registry.add("spring.datasource.url", () -> URL);
			registry.add("spring.datasource.username", () -> USERNAME);
			registry.add("spring.datasource.password", () -> PASSWORD);
		}
	}

	private static void createSchema() throws SQLException {
		if (!created.compareAndSet(false, true)) {
			return;
		}
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
		}
		// a Spring Boot shutdown handler runs once Boot has closed the contexts it
		// started, so the sample's worker is no longer at work in the schema (a JVM
		// shutdown hook of our own would race with the context's one)
		SpringApplication.getShutdownHandlers().add(() -> {
			try (Connection connection = connect(); Statement statement = connection.createStatement()) {
				statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
			}
			catch (SQLException ex) {
				System.err.println("*** Could not drop the sample's schema " + SCHEMA + " at " + URL + " ("
						+ ex.getMessage() + "): drop it by hand ***");
			}
		});
	}

	private static Connection connect() throws SQLException {
		DriverManager.setLoginTimeout(3);
		return DriverManager.getConnection(URL, USERNAME, PASSWORD);
	}

	private static String env(String name, String defaultValue) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : defaultValue;
	}

	/**
	 * Runs the tests only when PostgreSQL answers. Evaluated before the application
	 * context starts, so an absent server shows as skipped tests, not as a failure to
	 * start.
	 */
	static class PostgresAnswers implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if (context.getTestMethod().isPresent()) {
				return ConditionEvaluationResult.enabled("Decided once for the class");
			}
			try (Connection connection = connect()) {
				return ConditionEvaluationResult.enabled("PostgreSQL answers at " + URL);
			}
			catch (SQLException ex) {
				String message = "*** PostgreSQL is unreachable at " + URL + " as " + USERNAME + " (" + ex.getMessage()
						+ "): the sample's PostgreSQL smoke tests are SKIPPED. Start the local"
						+ " server (database 'test', user 'postgres') or set TASKFLOW_TEST_POSTGRESQL_URL. ***";
				System.err.println(message);
				if ("true".equalsIgnoreCase(System.getenv("CI"))
						|| "true".equalsIgnoreCase(System.getenv("TASKFLOW_REQUIRE_DATABASES"))) {
					throw new IllegalStateException(message + " CI requires PostgreSQL.", ex);
				}
				return ConditionEvaluationResult.disabled(message);
			}
		}

	}

}
