package dev.taskflow.benchmarks;

import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The databases the benchmarks run on: the local servers, or the URL in
 * {@code TASKFLOW_BENCH_<DB>_URL}. The system property {@code taskflow.bench.<db>.url}
 * (lower case) overrides both, in this JVM and in the node JVMs it starts: the smoke test
 * points the benchmarks at a database of its own with it.
 *
 * @author TaskFlow
 */
enum BenchDatabase {

	POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "", true),

	MARIADB("jdbc:mariadb://127.0.0.1:3306/test", "root", "", true),

	// a file database in server mode would be needed across JVMs: H2 runs in-process only
	H2("jdbc:h2:mem:taskflow-bench;DB_CLOSE_DELAY=-1", "sa", "", false);

	private static final List<String> WORKFLOW_TABLES = List.of("taskflow_step_edge", "taskflow_step",
			"taskflow_workflow");

	private final String url;

	private final String username;

	private final String password;

	private final boolean sharedAcrossProcesses;

	BenchDatabase(String url, String username, String password, boolean sharedAcrossProcesses) {
		this.url = System.getenv().getOrDefault("TASKFLOW_BENCH_" + name() + "_URL", url);
		this.username = System.getenv().getOrDefault("TASKFLOW_BENCH_" + name() + "_USERNAME", username);
		this.password = System.getenv().getOrDefault("TASKFLOW_BENCH_" + name() + "_PASSWORD", password);
		this.sharedAcrossProcesses = sharedAcrossProcesses;
	}

	/**
	 * The JDBC URL, read at each use so that the override may be set at any time.
	 * @return the URL
	 */
	String url() {
		return System.getProperty(urlProperty(), this.url);
	}

	/**
	 * The system property that overrides the URL.
	 * @return its name
	 */
	String urlProperty() {
		return "taskflow.bench." + name().toLowerCase(Locale.ROOT) + ".url";
	}

	boolean isSharedAcrossProcesses() {
		return this.sharedAcrossProcesses;
	}

	Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", url());
		properties.put("spring.datasource.username", this.username);
		properties.put("spring.datasource.password", this.password);
		return properties;
	}

	DataSource dataSource() {
		return new DriverManagerDataSource(url(), this.username, this.password);
	}

	JdbcTemplate jdbc() {
		return new JdbcTemplate(dataSource());
	}

	String version() {
		return jdbc().queryForObject((this == H2) ? "SELECT H2VERSION()" : "SELECT VERSION()", String.class);
	}

	// the attempt history goes too (taskflow_attempt's foreign key refuses a TRUNCATE of
	// taskflow_job alone), and the workflows with their steps
	void clearJobs() {
		switch (this) {
			case POSTGRESQL -> jdbc().execute(
					"TRUNCATE taskflow_attempt, taskflow_job, taskflow_step_edge, taskflow_step, taskflow_workflow");
			case MARIADB -> jdbc().execute((ConnectionCallback<Void>) (connection) -> {
				try (Statement statement = connection.createStatement()) {
					for (String table : WORKFLOW_TABLES) {
						statement.execute("TRUNCATE TABLE " + table);
					}
					statement.execute("TRUNCATE TABLE taskflow_attempt");
					statement.execute("SET FOREIGN_KEY_CHECKS = 0");
					try {
						statement.execute("TRUNCATE TABLE taskflow_job");
					}
					finally {
						statement.execute("SET FOREIGN_KEY_CHECKS = 1");
					}
				}
				return null;
			});
			case H2 -> {
				for (String table : WORKFLOW_TABLES) {
					jdbc().execute("TRUNCATE TABLE " + table);
				}
				jdbc().execute("TRUNCATE TABLE taskflow_attempt");
				jdbc().execute("ALTER TABLE taskflow_job SET REFERENTIAL_INTEGRITY FALSE");
				try {
					jdbc().execute("TRUNCATE TABLE taskflow_job");
				}
				finally {
					jdbc().execute("ALTER TABLE taskflow_job SET REFERENTIAL_INTEGRITY TRUE");
				}
			}
		}
	}

	/**
	 * SQL for the milliseconds between two timestamp columns of the same row.
	 */
	String millisBetween(String from, String to) {
		return switch (this) {
			case POSTGRESQL -> "EXTRACT(EPOCH FROM (" + to + " - " + from + ")) * 1000";
			case MARIADB -> "TIMESTAMPDIFF(MICROSECOND, " + from + ", " + to + ") / 1000.0";
			case H2 -> "DATEDIFF(MICROSECOND, " + from + ", " + to + ") / 1000.0";
		};
	}

	/**
	 * SQL that inserts {@code count} jobs due far in the future, generated in the
	 * database.
	 */
	String insertFutureJobs(int count) {
		String columns = "INSERT INTO taskflow_job (id, handler, queue, status, priority, run_at, attempt, max_attempts,"
				+ " created_at) ";
		return switch (this) {
			case POSTGRESQL -> columns + "SELECT gen_random_uuid(), 'bench.noop', 'default', 'PENDING', 0,"
					+ " now() + interval '30 days', 0, 3, now() FROM generate_series(1, " + count + ")";
			case MARIADB ->
				columns + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + count
						+ ") SELECT UUID(), 'bench.noop', 'default', 'PENDING', 0, UTC_TIMESTAMP(6) + INTERVAL 30 DAY,"
						+ " 0, 3, UTC_TIMESTAMP(6) FROM n";
			case H2 -> columns + "SELECT RANDOM_UUID(), 'bench.noop', 'default', 'PENDING', 0,"
					+ " DATEADD(DAY, 30, CURRENT_TIMESTAMP), 0, 3, CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, " + count
					+ ")";
		};
	}

}
