package dev.taskflow.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database the harness runs on, and everything the harness does to it that differs by
 * database: its own tables, time as epoch microseconds of the database's clock, killing
 * the nodes' connections from the server side, restarting the server.
 * <p>
 * The server is the local one (as in the tests) or the one in
 * {@code TASKFLOW_TEST_<DB>_URL} ({@code _USERNAME}, {@code _PASSWORD}). On the local
 * server each run works in a database of its own, created for it and dropped at its end,
 * so that it never empties the tables other test runs use nor leaves anything behind.
 *
 * @author TaskFlow
 */
enum ChaosDatabase {

	/**
	 * PostgreSQL: node connections carry {@code ApplicationName=<node id>} and are ended
	 * with {@code pg_terminate_backend}, only those to the run's database (another run on
	 * the same server has nodes of the same names).
	 */
	POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/", "test", "postgres") {

		@Override
		String withApplicationName(String url, String name) {
			return url + ((url.indexOf('?') >= 0) ? "&" : "?") + "ApplicationName=" + name;
		}

		@Override
		String nowMicros() {
			return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)";
		}

		@Override
		String micros(String column) {
			return "CAST(EXTRACT(EPOCH FROM " + column + ") * 1000000 AS BIGINT)";
		}

		@Override
		int killNodeConnections(JdbcTemplate jdbc, List<String> nodeIds) {
			if (nodeIds.isEmpty()) {
				return 0;
			}
			return jdbc
				.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name IN ("
						+ placeholders(nodeIds) + ") AND datname = current_database() AND pid <> pg_backend_pid()",
						Boolean.class, nodeIds.toArray())
				.size();
		}

		@Override
		List<String> defaultRestartCommand() {
			Path clusters = Path.of("/etc/postgresql");
			if (!isRoot() || !Files.isDirectory(clusters) || !onPath("pg_ctlcluster")) {
				return null;
			}
			try (var versions = Files.list(clusters)) {
				List<Path> found = versions.toList();
				if (found.size() != 1) {
					return null;
				}
				return List.of("pg_ctlcluster", "--skip-systemctl-redirect", found.get(0).getFileName().toString(),
						"main", "restart");
			}
			catch (java.io.IOException ex) {
				return null;
			}
		}

	},

	/**
	 * MariaDB: each node connection writes its connection id to {@code chaos_connection}
	 * when it opens, so that {@code KILL} finds exactly the nodes' connections in
	 * {@code information_schema.processlist}.
	 */
	MARIADB("jdbc:mariadb://127.0.0.1:3306/", "test", "root") {

		@Override
		String withApplicationName(String url, String name) {
			return url;
		}

		@Override
		Map<String, String> nodeProperties(String nodeId) {
			Map<String, String> properties = new LinkedHashMap<>();
			properties.put("spring.datasource.hikari.connection-init-sql",
					"REPLACE INTO chaos_connection (connection_id, node_id) VALUES (CONNECTION_ID(), '" + nodeId
							+ "')");
			return properties;
		}

		@Override
		Map<String, String> autoCommitOffProperties() {
			// Hikari commits its connection-init-sql (the chaos_connection row that
			// connection kills rely on) only when it isolates its internal queries; the
			// engine's own statements are what the node tests
			return Map.of("spring.datasource.hikari.isolate-internal-queries", "true");
		}

		@Override
		String nowMicros() {
			return "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6))";
		}

		@Override
		String micros(String column) {
			return "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', " + column + ")";
		}

		@Override
		List<String> extraTables() {
			return List.of("CREATE TABLE IF NOT EXISTS chaos_connection (connection_id BIGINT PRIMARY KEY,"
					+ " node_id VARCHAR(100) NOT NULL)");
		}

		@Override
		int killNodeConnections(JdbcTemplate jdbc, List<String> nodeIds) {
			if (nodeIds.isEmpty()) {
				return 0;
			}
			List<Long> ids = jdbc.queryForList("SELECT p.ID FROM information_schema.processlist p"
					+ " JOIN chaos_connection c ON c.connection_id = p.ID WHERE c.node_id IN (" + placeholders(nodeIds)
					+ ")", Long.class, nodeIds.toArray());
			int killed = 0;
			for (Long id : ids) {
				try {
					jdbc.execute("KILL CONNECTION " + id);
					killed++;
				}
				catch (RuntimeException ex) {
					// the connection ended meanwhile
				}
			}
			return killed;
		}

		@Override
		List<String> defaultRestartCommand() {
			if (!isRoot() || !Files.isExecutable(Path.of("/usr/sbin/mariadbd")) || !onPath("start-stop-daemon")
					|| !onPath("pgrep")) {
				return null;
			}
			// SIGTERM is a normal shutdown: wait until the server has exited (its data
			// directory lock is free), then start it as CI does (.ci/run)
			return List.of("sh", "-c", "pid=$(pgrep -x mariadbd | head -n 1); [ -n \"$pid\" ] && kill -TERM $pid;"
					+ " for i in $(seq 1 300); do { [ -z \"$pid\" ] || ! kill -0 $pid 2>/dev/null; } && break;"
					+ " sleep 0.2; done; start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd");
		}

	};

	private final String localServerUrl;

	private final String localTestDatabase;

	private final String defaultUsername;

	ChaosDatabase(String localServerUrl, String localTestDatabase, String defaultUsername) {
		this.localServerUrl = localServerUrl;
		this.localTestDatabase = localTestDatabase;
		this.defaultUsername = defaultUsername;
	}

	abstract String withApplicationName(String url, String name);

	/**
	 * SQL for the database's current time in epoch microseconds.
	 */
	abstract String nowMicros();

	/**
	 * SQL for a TaskFlow timestamp column in epoch microseconds.
	 */
	abstract String micros(String column);

	/**
	 * End every connection of the given nodes from the server side.
	 * @return the number of connections ended
	 */
	abstract int killNodeConnections(JdbcTemplate jdbc, List<String> nodeIds);

	static String placeholders(List<String> values) {
		return String.join(", ", java.util.Collections.nCopies(values.size(), "?"));
	}

	/**
	 * The command that restarts the server, or {@code null} when this machine cannot.
	 */
	abstract List<String> defaultRestartCommand();

	Map<String, String> nodeProperties(String nodeId) {
		return Map.of();
	}

	List<String> extraTables() {
		return List.of();
	}

	String username() {
		return System.getenv().getOrDefault("TASKFLOW_TEST_" + name() + "_USERNAME", this.defaultUsername);
	}

	String password() {
		return System.getenv().getOrDefault("TASKFLOW_TEST_" + name() + "_PASSWORD", "");
	}

	private String configuredUrl() {
		String url = System.getenv("TASKFLOW_TEST_" + name() + "_URL");
		return (url != null && !url.isBlank()) ? url : null;
	}

	/**
	 * Whether the server answers.
	 * @return the problem, or {@code null} when it answers
	 */
	String unreachable() {
		String url = (configuredUrl() != null) ? configuredUrl() : this.localServerUrl + this.localTestDatabase;
		DriverManager.setLoginTimeout(3);
		try (Connection connection = DriverManager.getConnection(url, username(), password())) {
			return connection.isValid(3) ? null : "no valid connection to " + url;
		}
		catch (SQLException ex) {
			return url + ": " + ex.getMessage();
		}
	}

	/**
	 * The database the harness runs in: on the local server one of its own, created for
	 * this run ({@code taskflow_chaos_<random>}) and dropped by
	 * {@link RunDatabase#drop()}, so that a run never touches the tables of other test
	 * runs and leaves nothing behind; with {@code TASKFLOW_TEST_<DB>_URL} set, that
	 * database as it is (the harness creates nothing on a server it was pointed at, and
	 * empties TaskFlow's tables there).
	 * @return the database
	 */
	RunDatabase prepare() {
		if (configuredUrl() != null) {
			return new RunDatabase(this, configuredUrl(), null);
		}
		String name = "taskflow_chaos_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create the run's database " + name + " on " + this.localServerUrl
					+ " as " + username() + ": " + ex.getMessage()
					+ "; grant the user CREATE DATABASE or set TASKFLOW_TEST_" + name() + "_URL", ex);
		}
		return new RunDatabase(this, this.localServerUrl + name, name);
	}

	private Connection adminConnection() throws SQLException {
		DriverManager.setLoginTimeout(10);
		return DriverManager.getConnection(this.localServerUrl + this.localTestDatabase, username(), password());
	}

	/**
	 * End every other connection to a database, then drop it.
	 * @param name the database
	 * @throws SQLException on failure
	 */
	void drop(String name) throws SQLException {
		try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
			if (this == POSTGRESQL) {
				// DROP DATABASE refuses while anyone is connected; nodes are gone by now,
				// but a killed one's backend may linger a moment
				statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
						+ "' AND pid <> pg_backend_pid()");
			}
			else {
				List<Long> ids = new ArrayList<>();
				try (var rs = statement.executeQuery("SELECT ID FROM information_schema.processlist WHERE DB = '" + name
						+ "' AND ID <> CONNECTION_ID()")) {
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
				statement.execute("SET SESSION lock_wait_timeout = 30");
			}
			statement.execute("DROP DATABASE IF EXISTS " + name);
		}
	}

	/**
	 * Why this server cannot be asked to refuse a result, or {@code null} when it can: a
	 * MariaDB server whose {@code max_allowed_packet} is above
	 * {@link UnstorableResult#LARGEST_PACKET}.
	 * @param jdbc the harness's connection to the run's database
	 * @return the reason, or {@code null}
	 */
	String unstorableResultProblem(JdbcTemplate jdbc) {
		if (this == POSTGRESQL) {
			return null;
		}
		long packet = UnstorableResult.maxAllowedPacket(jdbc);
		return (packet > UnstorableResult.LARGEST_PACKET) ? "max_allowed_packet is " + packet
				+ " bytes: a result above it would need more memory than the nodes have (at most "
				+ UnstorableResult.LARGEST_PACKET + ")" : null;
	}

	/**
	 * Extra settings of a node whose pool has auto-commit off.
	 */
	Map<String, String> autoCommitOffProperties() {
		return Map.of();
	}

	DataSource dataSource(String url) {
		return new DriverManagerDataSource(withApplicationName(url, "chaos-harness"), username(), password());
	}

	/**
	 * Whether the server runs on this machine (so restarting it is possible at all).
	 */
	boolean isLocal() {
		return configuredUrl() == null;
	}

	/**
	 * The command that restarts the server: {@code TASKFLOW_CHAOS_<DB>_RESTART} (a shell
	 * command, or {@code none}), else the local server's when allowed and this machine
	 * can.
	 * @param restartLocalServer whether the shared local server may be restarted (only
	 * the soak restarts it; the bounded run of {@code mvn verify} never does)
	 * @return the command, or {@code null}
	 */
	List<String> restartCommand(boolean restartLocalServer) {
		String configured = configuredRestart();
		if (configured != null) {
			return configured.equalsIgnoreCase("none") ? null : List.of("sh", "-c", configured);
		}
		return (restartLocalServer && isLocal()) ? defaultRestartCommand() : null;
	}

	/**
	 * Why there is no restart command.
	 * @param restartLocalServer whether the shared local server may be restarted
	 * @return the reason
	 */
	String noRestartReason(boolean restartLocalServer) {
		if (configuredRestart() != null) {
			return "TASKFLOW_CHAOS_" + name() + "_RESTART=none";
		}
		if (!restartLocalServer) {
			return "this run never restarts the shared local server (soak.sh does; or set TASKFLOW_CHAOS_" + name()
					+ "_RESTART to a command that restarts a server of the run's own)";
		}
		return isLocal()
				? "no restart command on this machine (needs root and the local server's tools, or" + " TASKFLOW_CHAOS_"
						+ name() + "_RESTART)"
				: "the server of TASKFLOW_TEST_" + name() + "_URL is not local (set TASKFLOW_CHAOS_" + name()
						+ "_RESTART)";
	}

	private String configuredRestart() {
		String configured = System.getenv("TASKFLOW_CHAOS_" + name() + "_RESTART");
		return (configured != null && !configured.isBlank()) ? configured : null;
	}

	List<String> tables() {
		List<String> tables = new ArrayList<>();
		tables.add("CREATE TABLE IF NOT EXISTS chaos_execution (execution_id VARCHAR(36) PRIMARY KEY,"
				+ " job_id VARCHAR(36) NOT NULL, handler VARCHAR(100) NOT NULL, attempt INT NOT NULL,"
				+ " node_id VARCHAR(100) NOT NULL, started_at BIGINT NOT NULL, ended_at BIGINT,"
				+ " outcome VARCHAR(40), local_started_at BIGINT NOT NULL, workflow_id VARCHAR(36),"
				+ " step_name VARCHAR(200))");
		// what the checkpointing job (CheckpointedJob) did: runs of its steps' bodies,
		// the results handed back, the cursors its attempts started from
		tables.add("CREATE TABLE IF NOT EXISTS chaos_step (row_id VARCHAR(36) PRIMARY KEY, job_id VARCHAR(36) NOT NULL,"
				+ " attempt INT NOT NULL, node_id VARCHAR(100) NOT NULL, step_name VARCHAR(100) NOT NULL,"
				+ " kind VARCHAR(20) NOT NULL, started_at BIGINT NOT NULL, ended_at BIGINT, outcome VARCHAR(20),"
				+ " step_value VARCHAR(200), note VARCHAR(1000))");
		tables.addAll(extraTables());
		return tables;
	}

	static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	static boolean onPath(String command) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(java.io.File.pathSeparator)) {
			if (Files.isExecutable(Path.of(directory, command))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The database of one run.
	 *
	 * @param server the server
	 * @param url its JDBC URL
	 * @param created its name when the run created it (and drops it), {@code null} when
	 * it is the configured database, used as it is
	 */
	record RunDatabase(ChaosDatabase server, String url, String created) {

		/**
		 * Drop the database when the run created it; never throws.
		 * @return what was done, for the log
		 */
		String drop() {
			if (this.created == null) {
				return "the configured database was used as it is: nothing to drop";
			}
			SQLException last = null;
			for (int i = 0; i < 5; i++) {
				try {
					this.server.drop(this.created);
					return "dropped the run's database " + this.created;
				}
				catch (SQLException ex) {
					last = ex;
					ChaosRun.sleep(1000);
				}
			}
			return "*** could not drop the run's database " + this.created + ": " + last.getMessage()
					+ "; drop it by hand ***";
		}

	}

}
