package dev.taskflow.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.taskflow.store.TaskFlowSchemaInitializer;

/**
 * A schema of its own on the test run's PostgreSQL database, with TaskFlow's tables in
 * it: for tests whose job table no other test may write to or analyze (the plans
 * PostgreSQL chooses from a table's statistics). Dropped with everything in it by
 * {@link #close()}.
 *
 * @author TaskFlow
 */
public final class PostgresTestSchema implements AutoCloseable {

	private final Map<String, String> database;

	private final String name;

	private final DataSource dataSource;

	private PostgresTestSchema(Map<String, String> database, String name, DataSource dataSource) {
		this.database = database;
		this.name = name;
		this.dataSource = dataSource;
	}

	/**
	 * Create a schema with TaskFlow's tables.
	 * @param prefix the start of its name, which a random part follows
	 * @param urlParameters more JDBC URL parameters for its connections, such as
	 * {@code options=...}, or none
	 * @return the schema
	 * @throws SQLException if it cannot be created
	 */
	public static PostgresTestSchema create(String prefix, String... urlParameters) throws SQLException {
		Map<String, String> database = TestDatabase.POSTGRESQL.dataSourceProperties();
		String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = TestDatabase.connect(database);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + name);
		}
		String url = database.get("spring.datasource.url");
		StringBuilder schemaUrl = new StringBuilder(url).append(url.contains("?") ? "&" : "?")
			.append("currentSchema=")
			.append(name);
		for (String parameter : urlParameters) {
			schemaUrl.append('&').append(parameter);
		}
		DataSource dataSource = new DriverManagerDataSource(schemaUrl.toString(),
				database.get("spring.datasource.username"), database.get("spring.datasource.password"));
		PostgresTestSchema schema = new PostgresTestSchema(database, name, dataSource);
		try {
			new TaskFlowSchemaInitializer(dataSource, new DefaultResourceLoader(), DatabaseInitializationMode.ALWAYS)
				.afterPropertiesSet();
		}
		catch (Exception ex) {
			schema.close();
			throw new IllegalStateException("Could not create TaskFlow's tables in schema " + name, ex);
		}
		return schema;
	}

	/**
	 * Connections whose search path is this schema.
	 * @return the data source
	 */
	public DataSource dataSource() {
		return this.dataSource;
	}

	@Override
	public void close() throws SQLException {
		try (Connection connection = TestDatabase.connect(this.database);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + this.name + " CASCADE");
		}
	}

}
