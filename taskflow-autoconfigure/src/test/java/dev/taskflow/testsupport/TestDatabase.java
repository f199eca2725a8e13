package dev.taskflow.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>
 * On the local server the tests of one JVM work in a database of their own,
 * {@code taskflow_test_<random>}, created at first use and dropped when the JVM exits
 * (after Spring Boot has closed the contexts still using it), so that a test run never
 * leaves TaskFlow's tables in the shared {@code test} database and two runs on one
 * machine never meet. A URL in {@code TASKFLOW_TEST_<DB>_URL} is used as it is: the tests
 * create and drop no database on a server they were pointed at (they empty TaskFlow's
 * tables there).
 *
 * @author TaskFlow
 */
public enum TestDatabase {

	/**
	 * PostgreSQL, local at 127.0.0.1:5432 as postgres.
	 */
	POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/", "postgres", ""),

	/**
	 * MariaDB, local at 127.0.0.1:3306 as root.
	 */
	MARIADB("jdbc:mariadb://127.0.0.1:3306/", "root", ""),

	/**
	 * H2 in memory, always available.
	 */
	H2(null, "sa", "");

	/**
	 * The database every local server has, from which the run's own is created.
	 */
	private static final String SHARED_DATABASE = "test";

	/**
	 * The database of this JVM's tests on each local server; unique, so that runs on one
	 * machine never share one.
	 */
	static final String RUN_DATABASE = "taskflow_test_"
			+ UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private final String localServer;

	private final String username;

	private final String password;

	private Map<String, String> resolved;

	TestDatabase(String localServer, String username, String password) {
		this.localServer = localServer;
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
		boolean configured = envUrl != null && !envUrl.isBlank();
		String url = configured ? envUrl : this.localServer + SHARED_DATABASE;
		String username = System.getenv().getOrDefault("TASKFLOW_TEST_" + name() + "_USERNAME", this.username);
		String password = System.getenv().getOrDefault("TASKFLOW_TEST_" + name() + "_PASSWORD", this.password);
		if (answers(url, username, password)) {
			return configured ? properties(url, username, password)
					: properties(createRunDatabase(url, username, password), username, password);
		}
		if (isDockerAvailable()) {
			// a container of the run's own, removed with the JVM (Testcontainers' Ryuk)
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

	private String createRunDatabase(String sharedUrl, String username, String password) {
		try (Connection connection = DriverManager.getConnection(sharedUrl, username, password);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + RUN_DATABASE);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the test run's database " + RUN_DATABASE + " on "
					+ this.localServer + " as " + username + " (" + ex.getMessage() + "): grant that user CREATE"
					+ " DATABASE, or set TASKFLOW_TEST_" + name() + "_URL to a database the tests may use as it is",
					ex);
		}
		DropAtExit.register(RUN_DATABASE + " on " + this.localServer,
				() -> dropRunDatabase(sharedUrl, username, password));
		return this.localServer + RUN_DATABASE;
	}

	private void dropRunDatabase(String sharedUrl, String username, String password) throws SQLException {
		try (Connection connection = DriverManager.getConnection(sharedUrl, username, password);
				Statement statement = connection.createStatement()) {
			// a context a failed test never closed may still hold connections: DROP
			// DATABASE waits for them (MariaDB) or refuses (PostgreSQL)
			if (this == POSTGRESQL) {
				statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
						+ RUN_DATABASE + "' AND pid <> pg_backend_pid()");
			}
			else {
				List<Long> ids = new ArrayList<>();
				try (var rs = statement.executeQuery("SELECT ID FROM information_schema.processlist WHERE DB = '"
						+ RUN_DATABASE + "' AND ID <> CONNECTION_ID()")) {
					while (rs.next()) {
						ids.add(rs.getLong(1));
					}
				}
				for (Long id : ids) {
					try {
						statement.execute("KILL CONNECTION " + id);
					}
					catch (SQLException ex) {
						// it ended meanwhile
					}
				}
			}
			statement.execute("DROP DATABASE IF EXISTS " + RUN_DATABASE);
		}
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
