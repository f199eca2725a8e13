package dev.taskflow.store;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * The clock a store on a {@link SqlDialect#useTestClock() test-clock dialect} reads for
 * "now", kept in a one-row table of its own ({@value SqlDialect#TEST_CLOCK_TABLE}):
 * either an instant that stands still until it is moved, or the database's clock plus an
 * offset. Made for {@code dev.taskflow.test}, never part of an application's schema.
 * <p>
 * One table serves one test database: the clock is the database's, so every node on it
 * sees the same time.
 *
 * @author TaskFlow
 */
public final class TestClockTable {

	private final JdbcTemplate jdbc;

	private final SqlDialect dialect;

	/**
	 * A clock table on the given data source.
	 * @param dataSource the data source
	 * @param dialect its dialect
	 */
	public TestClockTable(DataSource dataSource, SqlDialect dialect) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.dialect = dialect;
	}

	/**
	 * Create the table if it is missing, with a clock that stands still at the given
	 * instant (or flows with the database's, for {@code null}) where it has no row yet.
	 * @param frozenAt the instant, or {@code null} for the database's clock
	 */
	public void create(Instant frozenAt) {
		this.jdbc.execute(
				"CREATE TABLE IF NOT EXISTS " + SqlDialect.TEST_CLOCK_TABLE + " (id INT NOT NULL PRIMARY KEY, fixed_at "
						+ this.dialect.timestampType() + " NULL, offset_micros BIGINT NOT NULL)");
		Integer rows = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + SqlDialect.TEST_CLOCK_TABLE, Integer.class);
		if (rows == null || rows == 0) {
			this.jdbc.update((connection) -> {
				PreparedStatement ps = connection.prepareStatement("INSERT INTO " + SqlDialect.TEST_CLOCK_TABLE
						+ " (id, fixed_at, offset_micros) VALUES (1, " + this.dialect.timestampParameter() + ", 0)");
				this.dialect.setTimestamp(ps, 1, truncated(frozenAt));
				return ps;
			});
		}
	}

	/**
	 * Stop the clock at the given instant, or let it flow with the database's clock from
	 * the given offset.
	 * @param frozenAt the instant, or {@code null} to let it flow
	 * @param offset how far ahead of the database's clock a flowing clock is
	 */
	public void set(Instant frozenAt, Duration offset) {
		Assert.notNull(offset, "'offset' must not be null");
		this.jdbc.update((connection) -> {
			PreparedStatement ps = connection.prepareStatement("UPDATE " + SqlDialect.TEST_CLOCK_TABLE
					+ " SET fixed_at = " + this.dialect.timestampParameter() + ", offset_micros = ? WHERE id = 1");
			this.dialect.setTimestamp(ps, 1, truncated(frozenAt));
			ps.setLong(2, offset.toNanos() / 1000);
			return ps;
		});
	}

	/**
	 * Move the deadlines of what is alive forward with the clock: the leases of running
	 * jobs and the heartbeats of nodes. Called before the clock moves, so that no rescue
	 * in between finds a running job's lease run out, or a live node dead, for the jump
	 * alone.
	 * @param duration how far the clock is about to move
	 */
	public void shiftLiveDeadlines(Duration duration) {
		long micros = duration.toNanos() / 1000;
		this.jdbc.update("UPDATE taskflow_job SET lease_until = " + this.dialect.addMicros("?", "lease_until")
				+ " WHERE status = 'RUNNING' AND lease_until IS NOT NULL", micros);
		this.jdbc.update("UPDATE taskflow_node SET heartbeat_at = " + this.dialect.addMicros("?", "heartbeat_at")
				+ " WHERE departed_at IS NULL", micros);
	}

	// the columns hold microseconds
	private static Instant truncated(Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.MICROS) : null;
	}

}
