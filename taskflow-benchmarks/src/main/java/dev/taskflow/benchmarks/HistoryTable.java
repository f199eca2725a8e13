package dev.taskflow.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fills TaskFlow's tables with a long history for {@code deep_history} and
 * {@code dashboard_api}, in the database and set-based: finished jobs spread over
 * {@link #SPAN six months}, with their attempts, plus due jobs for a drain. Every value
 * of a history row is computed from its number {@code i} (an MD5 of it gives the
 * random-looking parts), so the job rows and their attempt rows are two statements over
 * the same numbers and agree without reading each other. PostgreSQL, MariaDB and H2, with
 * the same rows on each: the hash is the same, and so is everything computed from it.
 * <p>
 * Row {@code i} of {@code n} is created at {@code start + i * SPAN / n}: ids
 * (time-ordered UUIDs, as TaskFlow makes them) and creation times grow with {@code i}.
 * Its handler (twelve of them, in seven queues, from 30 % down to 1 % of the jobs), its
 * status (85 % {@code SUCCEEDED}, 10 % {@code FAILED}, 5 % {@code CANCELLED}) and the
 * rest come from independent slices of the hash: a succeeded job ran once (8 % twice, the
 * first attempt retried), a failed one three times (20 % once, not retryable), a
 * cancelled one never; about 30 % carry a correlation id shared by three jobs, half a
 * trace parent, every one a JSON payload of about 130 characters, and failed or retried
 * ones an error with a short stack trace of about 350 characters.
 *
 * @author TaskFlow
 */
final class HistoryTable {

	/**
	 * The time the history spans, ending a minute before it is written.
	 */
	static final Duration SPAN = Duration.ofDays(180);

	/**
	 * The share of history rows that succeeded, in thousandths.
	 */
	static final int SUCCEEDED_PER_MILLE = 850;

	/**
	 * The handlers of the history, by the last two digits of the hash slice that picks
	 * one: a handler takes the slices from the bound before its own.
	 */
	private static final String HANDLER = """
			CASE WHEN r2 < 30 THEN 'email.send' WHEN r2 < 40 THEN 'email.digest' WHEN r2 < 50 THEN 'sms.send'
			WHEN r2 < 62 THEN 'webhook.deliver' WHEN r2 < 70 THEN 'invoice.charge' WHEN r2 < 75 THEN 'invoice.render'
			WHEN r2 < 78 THEN 'report.build' WHEN r2 < 80 THEN 'export.csv' WHEN r2 < 90 THEN 'image.resize'
			WHEN r2 < 96 THEN 'search.index' WHEN r2 < 99 THEN 'crm.sync' ELSE 'cleanup.tmp' END""";

	private static final String QUEUE = """
			CASE WHEN r2 < 40 THEN 'mail' WHEN r2 < 50 THEN 'notifications' WHEN r2 < 62 THEN 'webhooks'
			WHEN r2 < 75 THEN 'billing' WHEN r2 < 80 THEN 'reports' WHEN r2 < 99 THEN 'default'
			ELSE 'maintenance' END""";

	/**
	 * The queues of the history.
	 */
	static final String[] QUEUES = { "mail", "notifications", "webhooks", "billing", "reports", "default",
			"maintenance" };

	/**
	 * The handlers of the history.
	 */
	static final String[] HANDLERS = { "email.send", "email.digest", "sms.send", "webhook.deliver", "invoice.charge",
			"invoice.render", "report.build", "export.csv", "image.resize", "search.index", "crm.sync", "cleanup.tmp" };

	// one of four errors (timeouts, an unavailable service, a business error), with the
	// stack trace lines a real one would carry
	private static final String ERROR = """
			CONCAT(CASE r3 % 4
			WHEN 0 THEN 'java.net.SocketTimeoutException: Read timed out after 30000 ms calling https://api.partner.example/v2/orders'
			WHEN 1 THEN 'org.springframework.web.client.HttpServerErrorException$ServiceUnavailable: 503 Service Unavailable from POST https://hooks.example.com/events'
			WHEN 2 THEN CONCAT('java.lang.IllegalStateException: customer cust-', i % 97331, ' has no default payment method')
			ELSE 'dev.taskflow.TaskTimeoutException: the job ran longer than its timeout of PT30S' END,
			CHR(10), CHR(9), 'at com.example.shop.jobs.', handler, '.run(Jobs.java:', 40 + r3 % 300, ')',
			CHR(10), CHR(9), 'at dev.taskflow.engine.JobRunner.run(JobRunner.java:142)',
			CHR(10), CHR(9), 'at java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1144)')""";

	/**
	 * The rows numbered {@code lo} to {@code hi}, every column computed once: numbers and
	 * hash slices, then status and handler, then attempts and queue, then times and
	 * error. The lower levels end in {@code OFFSET 0} (PostgreSQL) or a {@code LIMIT} of
	 * all their rows (MariaDB), which keeps the planner from folding them into the level
	 * above and computing the hash again for every reference (eight times slower on
	 * PostgreSQL, three times on MariaDB). H2 keeps every level a query of its own.
	 */
	private static final String ROWS = """
			SELECT f.*, CASE WHEN attempts = 0 THEN NULL
				ELSE created_ms + 20 + (r3 %% 500) + (attempts - 1) * 10000 END AS started_ms,
			CASE WHEN attempts = 0 THEN created_ms + 60000
				ELSE created_ms + 20 + (r3 %% 500) + (attempts - 1) * 10000 + 50 + r3 * 3 END AS finished_ms
			FROM (
				SELECT e.*, CASE WHEN status = 'CANCELLED' THEN 0 WHEN status = 'FAILED' THEN
					CASE WHEN r3 < 200 THEN 1 ELSE 3 END WHEN r3 < 80 THEN 2 ELSE 1 END AS attempts,
				%1$s AS queue,
				CASE WHEN r2 BETWEEN 75 AND 77 THEN 'nightly-report' WHEN r2 = 99 THEN 'tmp-cleanup' END AS schedule_name
				FROM (
					SELECT d.*, CASE WHEN r1 < %2$d THEN 'SUCCEEDED' WHEN r1 < 950 THEN 'FAILED' ELSE 'CANCELLED' END
						AS status, %3$s AS handler
					FROM (
						SELECT i, h, %4$s AS created_ms, %5$s AS r1, %6$s AS r2, %7$s AS r3
						FROM (SELECT i, %8$s AS h FROM %9$s%10$s) c%10$s
					) d%10$s
				) e
			) f""";

	private static final String INSERT_HISTORY = """
			INSERT INTO taskflow_job (id, handler, queue, status, priority, run_at, attempt, max_attempts, payload,
				result, last_error, requested_key, concurrency_key, created_at, started_at, finished_at, trace_parent,
				correlation_id, schedule_name, fire_time, confirmed_attempt)
			SELECT %1$s, handler, queue, status, CASE WHEN r3 %% 10 = 0 THEN 5 ELSE 0 END,
				%2$s, attempts, 3,
				%3$s,
				CASE WHEN handler = 'invoice.charge' AND status = 'SUCCEEDED' THEN %4$s END,
				CASE WHEN status = 'FAILED' OR attempts > 1 THEN error END,
				CASE WHEN handler = 'invoice.charge' THEN CONCAT('invoice-', i) END,
				CASE WHEN handler = 'crm.sync' THEN CONCAT('tenant-', i %% 50) END,
				%5$s, %6$s, %7$s,
				CASE WHEN r3 < 500 THEN CONCAT('00-', h, '-', SUBSTR(h, 9, 16), '-01') END,
				CASE WHEN r3 < 300 THEN CONCAT('order-', %8$s) END,
				schedule_name, CASE WHEN schedule_name IS NOT NULL THEN %5$s END,
				CASE WHEN attempts > 0 THEN attempts END
			FROM (SELECT g.*, %9$s AS error FROM (%10$s) g) x""";

	private static final String INSERT_ATTEMPTS = """
			INSERT INTO taskflow_attempt (job_id, attempt, node_id, started_at, finished_at, outcome, error, logs)
			SELECT %1$s, a.n, CONCAT('node-', (i + a.n) %% 4), %2$s, %3$s,
				CASE WHEN a.n < attempts THEN 'RETRIED' WHEN status = 'SUCCEEDED' THEN 'SUCCEEDED' ELSE 'FAILED' END,
				CASE WHEN a.n < attempts OR status = 'FAILED' THEN error END, NULL
			FROM (SELECT g.*, %4$s AS error FROM (%5$s) g) x
			JOIN (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) a ON a.n <= x.attempts""";

	private static final String INSERT_DUE = """
			INSERT INTO taskflow_job (id, handler, queue, status, priority, run_at, attempt, max_attempts, created_at)
			SELECT %1$s, '%2$s', 'default', 'PENDING', 0, %3$s, 0, 3, %3$s FROM (SELECT i, %4$s AS h FROM %5$s) c""";

	private final BenchDatabase database;

	private final JdbcTemplate jdbc;

	HistoryTable(BenchDatabase database) {
		this.database = database;
		this.jdbc = database.jdbc();
	}

	/**
	 * Write finished jobs {@code from} to {@code to} of {@code total} with their
	 * attempts.
	 * @param from the first row number, from 1
	 * @param to the last row number
	 * @param total the rows of the whole history, which spread over {@link #SPAN}
	 * @param startMillis when the first row was created, in epoch milliseconds
	 */
	void insertHistory(long from, long to, long total, long startMillis) {
		String rows = rows(from, to, total, startMillis);
		this.jdbc.update(INSERT_HISTORY.formatted(id("created_ms"),
				timestamp("CASE WHEN attempts = 0 THEN created_ms ELSE started_ms - 5 END"),
				json("CONCAT('{\"orderId\": \"order-', i, '\", \"customerId\": \"cust-', i % 97331,"
						+ " '\", \"locale\": \"', CASE WHEN r3 < 700 THEN 'en-GB' ELSE 'de-DE' END,"
						+ " '\", \"template\": \"', handler, '-v', r3 % 7, '\"}')"),
				json("CONCAT('{\"chargeId\": \"ch_', h, '\"}')"), timestamp("created_ms"), timestamp("started_ms"),
				timestamp("finished_ms"), divide("i", "3"), ERROR, rows));
		this.jdbc.update(INSERT_ATTEMPTS.formatted(id("created_ms"), timestamp("started_ms - (attempts - a.n) * 10000"),
				timestamp("started_ms - (attempts - a.n) * 10000 + 50 + r3 * 3"), ERROR, rows));
	}

	/**
	 * Write due jobs of the benchmark's no-op handler, created now, in queue
	 * {@code default}.
	 * @param count how many
	 */
	void insertDue(int count) {
		long salt = System.nanoTime();
		String now = switch (this.database) {
			case POSTGRESQL -> "now()";
			case MARIADB -> "UTC_TIMESTAMP(6)";
			case H2 -> "CURRENT_TIMESTAMP";
		};
		String nowMillis = switch (this.database) {
			case POSTGRESQL -> "CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT)";
			case MARIADB -> "CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS UNSIGNED)";
			case H2 -> "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)";
		};
		this.jdbc.update(INSERT_DUE.formatted(id(nowMillis), BenchmarkApplication.NOOP, now,
				md5("CONCAT(i, '-', " + salt + ")"), series(1, count)));
	}

	/**
	 * Update the planner's statistics of both tables, as autovacuum (PostgreSQL),
	 * InnoDB's persistent statistics or H2's automatic analysis would in time. On
	 * PostgreSQL the tables are vacuumed too: a table that grew over months has been, bit
	 * by bit, while millions of rows inserted at once would set autovacuum off on all of
	 * them in the middle of the measurements (it vacuums a table after inserts since
	 * PostgreSQL 13).
	 */
	void analyze() {
		switch (this.database) {
			case POSTGRESQL -> this.jdbc.execute("VACUUM (ANALYZE) taskflow_job, taskflow_attempt");
			case MARIADB -> this.jdbc.queryForList("ANALYZE TABLE taskflow_job, taskflow_attempt");
			// one table per statement; a sample of 10,000 rows, as H2 takes by itself
			case H2 -> {
				this.jdbc.execute("ANALYZE TABLE taskflow_job");
				this.jdbc.execute("ANALYZE TABLE taskflow_attempt");
			}
		}
	}

	/**
	 * The time before which about {@code rows} history rows succeeded (and finished),
	 * from the oldest: every row finishes within 25 s of its creation, and rows are
	 * created about 3 s apart in a full history, so a few rows either side of the
	 * boundary may fall on the other side.
	 * @param rows the succeeded rows wanted
	 * @param total the rows of the whole history
	 * @param startMillis when the first row was created
	 * @return the time
	 */
	static Instant succeededBefore(long rows, long total, long startMillis) {
		long index = Math.round(rows * 1000.0 / SUCCEEDED_PER_MILLE);
		return Instant.ofEpochMilli(startMillis + index * SPAN.toMillis() / total);
	}

	/**
	 * The sizes of both tables and of each index, in MiB, as PostgreSQL or MariaDB report
	 * them (MariaDB: from the persistent statistics of the last {@link #analyze()}).
	 * @return the sizes by metric name
	 */
	Map<String, Double> sizes() {
		Map<String, Double> sizes = new LinkedHashMap<>();
		if (this.database == BenchDatabase.POSTGRESQL) {
			for (String table : new String[] { "taskflow_job", "taskflow_attempt" }) {
				String name = table.substring("taskflow_".length());
				Map<String, Object> row = this.jdbc.queryForMap("SELECT pg_table_size(CAST(? AS regclass)) AS data,"
						+ " pg_indexes_size(CAST(? AS regclass)) AS idx, pg_total_relation_size(CAST(? AS regclass))"
						+ " AS total", table, table, table);
				sizes.put("size_" + name + "_table_mib", mib(row.get("data")));
				sizes.put("size_" + name + "_indexes_mib", mib(row.get("idx")));
				sizes.put("size_" + name + "_total_mib", mib(row.get("total")));
			}
			this.jdbc.query("SELECT CAST(indexrelid AS regclass) AS name, pg_relation_size(indexrelid) AS bytes"
					+ " FROM pg_index WHERE indrelid IN (CAST('taskflow_job' AS regclass),"
					+ " CAST('taskflow_attempt' AS regclass)) ORDER BY indrelid, 1", (rs) -> {
						sizes.put("size_index_" + rs.getString("name") + "_mib", mib(rs.getLong("bytes")));
					});
		}
		else {
			this.jdbc.query("SELECT table_name, data_length, index_length FROM information_schema.tables"
					+ " WHERE table_schema = DATABASE() AND table_name IN ('taskflow_job', 'taskflow_attempt')"
					+ " ORDER BY table_name DESC", (rs) -> {
						String name = rs.getString("table_name").substring("taskflow_".length());
						long data = rs.getLong("data_length");
						long indexes = rs.getLong("index_length");
						sizes.put("size_" + name + "_table_mib", mib(data));
						sizes.put("size_" + name + "_indexes_mib", mib(indexes));
						sizes.put("size_" + name + "_total_mib", mib(data + indexes));
					});
			this.jdbc.query("SELECT index_name, stat_value * @@innodb_page_size AS bytes FROM mysql.innodb_index_stats"
					+ " WHERE database_name = DATABASE() AND table_name IN ('taskflow_job', 'taskflow_attempt')"
					+ " AND stat_name = 'size' ORDER BY table_name DESC, index_name", (rs) -> {
						sizes.put("size_index_" + rs.getString("index_name").toLowerCase(Locale.ROOT) + "_mib",
								mib(rs.getLong("bytes")));
					});
		}
		return sizes;
	}

	private static double mib(Object bytes) {
		return ((Number) bytes).longValue() / 1024.0 / 1024.0;
	}

	private String rows(long from, long to, long total, long startMillis) {
		String created = startMillis + " + " + divide("i * " + SPAN.toMillis(), String.valueOf(total));
		String unfolded = switch (this.database) {
			case POSTGRESQL -> " OFFSET 0";
			case MARIADB -> " LIMIT " + (to - from + 1);
			case H2 -> "";
		};
		return ROWS.formatted(QUEUE, SUCCEEDED_PER_MILLE, HANDLER, created, slice(1, 1000), slice(8, 100),
				slice(15, 1000), md5("i"), series(from, to), unfolded);
	}

	// a number from 0 to modulo - 1, from 7 hex digits of the hash from the given
	// position
	private String slice(int position, int modulo) {
		String hex = "SUBSTR(h, " + position + ", 7)";
		return switch (this.database) {
			case POSTGRESQL -> "(CAST(CAST(CONCAT('x', " + hex + ") AS BIT(28)) AS INT) % " + modulo + ")";
			case MARIADB -> "(CAST(CONV(" + hex + ", 16, 10) AS UNSIGNED) % " + modulo + ")";
			// H2 reads hex digits as a UUID only: 25 zeros and the 7 digits, whose last 4
			// bytes are the number
			case H2 -> "(CAST(SUBSTRING(CAST(CAST(CONCAT('0000000000000000000000000', " + hex
					+ ") AS UUID) AS VARBINARY) FROM 13) AS INT) % " + modulo + ")";
		};
	}

	private String md5(String value) {
		return switch (this.database) {
			case POSTGRESQL -> "md5(CAST(" + value + " AS TEXT))";
			case MARIADB -> "MD5(" + value + ")";
			// the bytes of the hash in lower-case hex, as md5() gives them
			case H2 -> "RAWTOHEX(HASH('MD5', CAST(" + value + " AS VARCHAR)))";
		};
	}

	private String series(long from, long to) {
		return switch (this.database) {
			case POSTGRESQL -> "generate_series(" + from + ", " + to + ") AS s(i)";
			// MariaDB's sequence engine: a table of the numbers its name gives
			case MARIADB -> "(SELECT seq AS i FROM seq_" + from + "_to_" + to + ") s";
			case H2 -> "SYSTEM_RANGE(" + from + ", " + to + ") AS s(i)";
		};
	}

	private String divide(String dividend, String divisor) {
		return switch (this.database) {
			case POSTGRESQL, H2 -> "(" + dividend + ") / " + divisor;
			case MARIADB -> "(" + dividend + ") DIV " + divisor;
		};
	}

	// epoch milliseconds to the column type: TIMESTAMPTZ, UTC in a DATETIME(6), or
	// TIMESTAMP WITH TIME ZONE
	private String timestamp(String millis) {
		return switch (this.database) {
			case POSTGRESQL -> "to_timestamp((" + millis + ") / 1000.0)";
			case MARIADB -> "(TIMESTAMP '1970-01-01 00:00:00' + INTERVAL ((" + millis + ") * 1000) MICROSECOND)";
			case H2 -> "DATEADD(MILLISECOND, " + millis + ", TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00')";
		};
	}

	// JSONB on PostgreSQL, a text column (LONGTEXT, CLOB) elsewhere
	private String json(String text) {
		return (this.database == BenchDatabase.POSTGRESQL) ? "CAST(" + text + " AS JSONB)" : text;
	}

	// a version 7 UUID as TaskFlow makes them: 48 bits of epoch milliseconds, then the
	// hash
	private String id(String millis) {
		return switch (this.database) {
			case POSTGRESQL -> "CAST(CONCAT(lpad(to_hex(" + millis
					+ "), 12, '0'), '7', SUBSTR(h, 1, 3), '8', SUBSTR(h, 4, 15)) AS UUID)";
			case MARIADB ->
				"LOWER(CONCAT(SUBSTR(LPAD(HEX(" + millis + "), 12, '0'), 1, 8), '-', SUBSTR(LPAD(HEX(" + millis
						+ "), 12, '0'), 9, 4), '-7', SUBSTR(h, 1, 3), '-8', SUBSTR(h, 4, 3), '-', SUBSTR(h, 7, 12)))";
			// the low 6 of the 8 bytes of the number, in hex
			case H2 -> "CAST(CONCAT(SUBSTR(RAWTOHEX(CAST(" + millis
					+ " AS BINARY(8))), 5), '7', SUBSTR(h, 1, 3), '8', SUBSTR(h, 4, 15)) AS UUID)";
		};
	}

}
