package dev.taskflow.store;

import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;

/**
 * Has PostgreSQL analyze the job table when it holds a backlog but the planner has no
 * statistics of it: a new table (or one analyzed while empty, or truncated) that
 * autovacuum has not reached yet. Without them PostgreSQL believes the claim index empty,
 * and once the claim's plan is cached it reads every due job through a bitmap scan and
 * sorts them for each claim: with 100,000 jobs due at once, 60 ms a claim instead of 1 to
 * 2 (docs/benchmarks.md, {@code deep_history}). Autovacuum analyzes the table about a
 * minute later; this spares the node that minute.
 * <p>
 * Only a claim that came back full and slow makes it look ({@link #afterClaim}), at most
 * once per {@link #CHECK_INTERVAL} per node, so a node that claims quickly never sends a
 * statement for it.
 *
 * @author TaskFlow
 */
final class MissingStatistics {

	/**
	 * A full claim slower than this makes the node look at the statistics.
	 */
	static final Duration SLOW_CLAIM = Duration.ofMillis(20);

	/**
	 * The least time between two looks.
	 */
	static final Duration CHECK_INTERVAL = Duration.ofMinutes(10);

	private static final Log logger = LogFactory.getLog(MissingStatistics.class);

	// relpages is 0 until the table is first vacuumed or analyzed with rows in it; one
	// statement, so that the look costs the claiming thread one round trip (a role that
	// does not own the table gets a warning from ANALYZE and no statistics: then
	// autovacuum's come in time)
	private static final String ANALYZE_WITHOUT_STATISTICS = """
			DO $$ BEGIN
			IF (SELECT c.relpages = 0 FROM pg_class c WHERE c.oid = CAST('taskflow_job' AS regclass)) THEN
			ANALYZE taskflow_job; RAISE NOTICE 'taskflow_job analyzed'; END IF; END $$""";

	private static final String ANALYZED = "taskflow_job analyzed";

	private final StoreSupport store;

	private final AtomicLong nextCheck = new AtomicLong(System.nanoTime());

	MissingStatistics(StoreSupport store) {
		this.store = store;
	}

	/**
	 * A claim ended.
	 * @param claimed the jobs it claimed
	 * @param limit the most it could claim
	 * @param tookNanos how long it took
	 */
	void afterClaim(int claimed, int limit, long tookNanos) {
		if (claimed < limit || tookNanos < SLOW_CLAIM.toNanos()) {
			return;
		}
		long now = System.nanoTime();
		long next = this.nextCheck.get();
		if (now - next < 0 || !this.nextCheck.compareAndSet(next, now + CHECK_INTERVAL.toNanos())) {
			return;
		}
		try {
			boolean analyzed = this.store.autoCommitted(() -> this.store.jdbc().execute((Statement statement) -> {
				statement.execute(ANALYZE_WITHOUT_STATISTICS);
				for (SQLWarning notice = statement.getWarnings(); notice != null; notice = notice.getNextWarning()) {
					if (ANALYZED.equals(notice.getMessage())) {
						return true;
					}
				}
				return false;
			}));
			if (analyzed) {
				logger.info("TaskFlow analyzed taskflow_job: PostgreSQL had no statistics of it (a new or"
						+ " truncated table) while jobs were due, which made each claim sort every due job");
			}
		}
		catch (DataAccessException ex) {
			logger.debug("TaskFlow could not look at or update the statistics of taskflow_job", ex);
		}
	}

}
