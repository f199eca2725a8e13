package dev.taskflow.chaos;

import java.sql.Connection;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A handler result the database refuses to store, though it is a plain {@code String}: on
 * PostgreSQL one with a NUL character ({@code \u0000}), which neither {@code jsonb} nor
 * {@code text} accepts; on MariaDB one longer than the server's
 * {@code max_allowed_packet}, which no statement can carry (the server's setting, read
 * once; TaskFlow's result column itself would take it).
 *
 * @author TaskFlow
 */
final class UnstorableResult {

	/**
	 * A MariaDB server that accepts larger packets is not asked to refuse one: the node
	 * would need too much memory for the result. The harness then reports the check not
	 * exercised.
	 */
	static final long LARGEST_PACKET = 64L * 1024 * 1024;

	static final String NUL_RESULT = "chaos: a result with a NUL character \u0000 that the database cannot store";

	private final JdbcTemplate jdbc;

	private volatile Long maxAllowedPacket;

	UnstorableResult(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	String value() {
		if (isPostgresql(this.jdbc)) {
			return NUL_RESULT;
		}
		Long packet = this.maxAllowedPacket;
		if (packet == null) {
			packet = maxAllowedPacket(this.jdbc);
			this.maxAllowedPacket = packet;
		}
		if (packet > LARGEST_PACKET) {
			throw new IllegalStateException("max_allowed_packet is " + packet + " bytes, more than the "
					+ LARGEST_PACKET + " this harness builds a result for");
		}
		// a JSON string: its quotes make it one more byte longer than what may pass
		return "x".repeat((int) packet.longValue());
	}

	static boolean isPostgresql(JdbcTemplate jdbc) {
		String product = jdbc.execute((Connection connection) -> connection.getMetaData().getDatabaseProductName());
		return product != null && product.toLowerCase(java.util.Locale.ROOT).contains("postgres");
	}

	static long maxAllowedPacket(JdbcTemplate jdbc) {
		return jdbc.queryForObject("SELECT @@max_allowed_packet", Long.class);
	}

}
