package dev.taskflow.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A database for integration tests: the local server when it answers (or the URL in
 * {@code TASKFLOW_TEST_<DB>_URL}), else a Testcontainers container where Docker runs.
 * When neither is there the test is skipped with a loud message, or fails when
 * {@code CI=true} or {@code TASKFLOW_REQUIRE_DATABASES=true}: CI must never pass by
 * skipping.
 *
 * @author TaskFlow
 */
public enum TestDatabase {

	/**
	 * PostgreSQL, local at 127.0.0.1:5432/test as postgres.
	 */
	POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/test", "postgres", ""),

	/**
	 * MariaDB, local at 127.0.0.1:3306/test as root.
	 */
	MARIADB("jdbc:mariadb://127.0.0.1:3306/test", "root", ""),

	/**
	 * H2 in memory, always available.
	 */
	H2(null, "sa", "");

	private final String localUrl;

	private final String username;

	private final String password;

	private Map<String, String> resolved;

	TestDatabase(String localUrl, String username, String password) {
		this.localUrl = localUrl;
		this.username = username;
		this.password = password;
	}

	/**
	 * The {@code spring.datasource.*} properties of this database, or skips (or fails in
	 * CI) when it cannot be reached.
	 * @return the properties
	 */
	public synchronized Map<String, String> dataSourceProperties() {
		if (this == H2) {
			// one named in-memory database per call; kept open while any node uses it
			return Map.of("spring.datasource.url", "jdbc:h2:mem:taskflow-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
					"spring.datasource.username", this.username, "spring.datasource.password", this.password);
		}
		if (this.resolved == null) {
			this.resolved = resolve();
		}
		return this.resolved;
	}

	/**
	 * Open a plain connection to this database.
	 * @param properties the properties from {@link #dataSourceProperties()}
	 * @return the connection
	 * @throws SQLException on failure
	 */
	public static Connection connect(Map<String, String> properties) throws SQLException {
		return DriverManager.getConnection(properties.get("spring.datasource.url"),
				properties.get("spring.datasource.username"), properties.get("spring.datasource.password"));
	}

	private Map<String, String> resolve() {
		String envUrl = System.getenv("TASKFLOW_TEST_" + name() + "_URL");
		String url = (envUrl != null && !envUrl.isBlank()) ? envUrl : this.localUrl;
		String username = System.getenv().getOrDefault("TASKFLOW_TEST_" + name() + "_USERNAME", this.username);
		String password = System.getenv().getOrDefault("TASKFLOW_TEST_" + name() + "_PASSWORD", this.password);
		if (answers(url, username, password)) {
			return properties(url, username, password);
		}
		if (isDockerAvailable()) {
			JdbcDatabaseContainer<?> container = (this == POSTGRESQL) ? new PostgreSQLContainer("postgres:16-alpine")
					: new MariaDBContainer("mariadb:11");
			container.start();
			return properties(container.getJdbcUrl(), container.getUsername(), container.getPassword());
		}
		String message = "*** " + name() + " is unreachable at " + url
				+ " and Docker is not available for Testcontainers: its integration tests are SKIPPED."
				+ " Start the local server or set TASKFLOW_TEST_" + name() + "_URL. ***";
		System.err.println(message);
		if ("true".equalsIgnoreCase(System.getenv("CI"))
				|| "true".equalsIgnoreCase(System.getenv("TASKFLOW_REQUIRE_DATABASES"))) {
			Assertions.fail(message + " (CI requires every database)");
		}
		Assumptions.abort(message);
		return Map.of();
	}

	private static Map<String, String> properties(String url, String username, String password) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", url);
		properties.put("spring.datasource.username", username);
		properties.put("spring.datasource.password", password);
		return properties;
	}

	private static boolean answers(String url, String username, String password) {
		DriverManager.setLoginTimeout(3);
		try (Connection connection = DriverManager.getConnection(url, username, password)) {
			return connection.isValid(3);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	private static boolean isDockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

}
