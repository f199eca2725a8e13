package dev.taskflow.benchmarks.peers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A database of a peer's own on the comparison's server, created when the comparison
 * starts and dropped when it ends, so that no peer table lands in TaskFlow's database and
 * the peers never see each other's tables.
 *
 * @author TaskFlow
 */
final class PeerDatabase implements AutoCloseable {

	// jdbc:postgresql://host:port/database?parameters
	private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]+)(\\?.*)?");

	private final Server server;

	private final String name;

	private final String url;

	private PeerDatabase(Server server, String name, String url) {
		this.server = server;
		this.name = name;
		this.url = url;
	}

	/**
	 * Creates {@code taskflow_peer_<peer>_<random>} on the server.
	 */
	static PeerDatabase create(Server server, String peer) throws SQLException {
		Matcher matcher = URL.matcher(server.url());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("The peers run on PostgreSQL only: expected a URL like"
					+ " jdbc:postgresql://host:port/database, not " + server.url());
		}
		String name = "taskflow_peer_" + peer.replaceAll("[^a-z]", "") + "_"
				+ UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		try (Connection connection = connect(server, server.url());
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		String query = (matcher.group(3) != null) ? matcher.group(3) : "";
		return new PeerDatabase(server, name, matcher.group(1) + name + query);
	}

	String url() {
		return this.url;
	}

	Server server() {
		return this.server;
	}

	/**
	 * A pool like the one a Spring Boot application gives TaskFlow: HikariCP with its
	 * defaults (10 connections), one connection opened before it is returned.
	 */
	HikariDataSource pool() throws SQLException {
		return pool(this.url, this.server.username(), this.server.password());
	}

	static HikariDataSource pool(String url, String username, String password) throws SQLException {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(username);
		config.setPassword(password);
		HikariDataSource pool = new HikariDataSource(config);
		pool.getConnection().close();
		return pool;
	}

	void execute(String sql) throws SQLException {
		try (Connection connection = connect(this.server, this.url);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	long count(String sql) throws SQLException {
		try (Connection connection = connect(this.server, this.url);
				Statement statement = connection.createStatement();
				var result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}

	@Override
	public void close() throws SQLException {
		try (Connection connection = connect(this.server, this.server.url());
				Statement statement = connection.createStatement()) {
			// every pool was closed: a backend may linger a moment after it
			statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + this.name
					+ "' AND pid <> pg_backend_pid()");
			statement.execute("DROP DATABASE IF EXISTS " + this.name);
		}
	}

	private static Connection connect(Server server, String url) throws SQLException {
		return DriverManager.getConnection(url, server.username(), server.password());
	}

}
