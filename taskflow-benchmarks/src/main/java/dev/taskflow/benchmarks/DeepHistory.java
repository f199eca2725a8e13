package dev.taskflow.benchmarks;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

import dev.taskflow.JobPage;
import dev.taskflow.JobQuery;
import dev.taskflow.JobStatus;
import dev.taskflow.Jobs;
import dev.taskflow.TaskFlow;
import dev.taskflow.retention.RetentionHandler;
import dev.taskflow.retention.RetentionRun;
import dev.taskflow.store.JobStore;
import dev.taskflow.test.Percentiles;

/**
 * {@code deep_history}: a job table that holds months of history (issue 14, section 4).
 * In order:
 * <ol>
 * <li>the drain of {@code pending} due jobs against an empty table, after one warm-up
 * drain;</li>
 * <li>the table is filled, set-based ({@link HistoryTable}), with {@code finished} jobs
 * and their attempts, then the {@code pending} due jobs, then analyzed; the sizes of the
 * tables and their indexes;</li>
 * <li>the public query API on that table, with no node working: {@code list} for each
 * filter an index may serve and for those none serves ({@code text}, correlation id),
 * {@code count}, {@code countByStatus}, {@code queues().list()}, and the queue gauges'
 * query ({@link JobStore#queueStatistics()}), each timed from the call to its answer by a
 * node whose query timeout is raised so that nothing gives up (a time above 2,000 ms
 * would have given up under the default {@code spring.taskflow.query.timeout});</li>
 * <li>the drain again, now against the deep table (new due jobs for each later run);</li>
 * <li>the purge of {@code purged} succeeded jobs, the oldest, by the retention purge
 * ({@link RetentionHandler#purge()}, what an occurrence of the built-in retention
 * schedule runs, with {@code spring.taskflow.retention.succeeded} set to reach that far
 * back and the defaults otherwise: batches of 1,000);</li>
 * <li>the purge of the next {@code purged} by the public bulk API,
 * {@code jobs().deleteAll(JobQuery.all().status(SUCCEEDED).finishedBefore(t))} (batches
 * of 500);</li>
 * <li>the retention purge of the next {@code purged}, and drains while it runs.</li>
 * </ol>
 * A purge runs on a node of its own that runs no jobs, in this JVM. A drain is measured
 * as {@code drain} measures it (jobs / (last {@code finished_at} − first
 * {@code started_at}), default settings), with the time of each claim statement taken on
 * the node's data source.
 *
 * @author TaskFlow
 */
final class DeepHistory {

	private static final Map<String, String> COUNTING = Map.of("bench.count-statements", "true");

	// a node that only reads and purges, and waits for whatever a query takes
	private static final Map<String, String> QUERYING = Map.of("spring.taskflow.worker.enabled", "false",
			"spring.taskflow.query.timeout", "30m");

	private final BenchDatabase database;

	private final Size size;

	private final JdbcTemplate jdbc;

	private final HistoryTable table;

	private final Map<String, List<Double>> result = new LinkedHashMap<>();

	private long startMillis;

	DeepHistory(BenchDatabase database, Size size) {
		// a few million rows, and its clock and sizes in PostgreSQL's and MariaDB's SQL
		Assert.isTrue(database != BenchDatabase.H2, "deep_history runs on PostgreSQL and MariaDB");
		this.database = database;
		this.size = size;
		this.jdbc = database.jdbc();
		this.table = new HistoryTable(database);
	}

	Map<String, List<Double>> run() throws Exception {
		try {
			emptyDrains();
			fill();
			try (Node node = Node.start(this.database, QUERYING)) {
				queries(node.taskFlow(), node.bean(JobStore.class));
				deepDrains();
				Jobs jobs = node.taskFlow().jobs();
				purge("purge", () -> retentionPurge(cutoff(1)));
				purge("purge_bulk_api", () -> bulkPurge(jobs, cutoff(2)));
				drainsWhilePurging(() -> retentionPurge(cutoff(3)));
			}
			this.table.analyze();
			// the space the purges left behind: PostgreSQL reuses it, neither database
			// gives it back
			this.table.sizes()
				.entrySet()
				.stream()
				.filter((size) -> !size.getKey().startsWith("size_index_"))
				.forEach((size) -> add(size.getKey().replace("_mib", "_after_purges_mib"), size.getValue()));
			add("drain_deep_vs_empty_pct", 100 * median("drain_jobs_per_s_deep") / median("drain_jobs_per_s_empty"));
			add("drain_purging_vs_empty_pct",
					100 * median("drain_jobs_per_s_purging") / median("drain_jobs_per_s_empty"));
		}
		finally {
			this.database.clearJobs();
		}
		return this.result;
	}

	private void emptyDrains() {
		if (this.size.drainRuns() > 1) {
			this.database.clearJobs();
			Object since = now();
			this.table.insertDue(this.size.pending() / 5);
			drain(this.size.pending() / 5, since);
		}
		for (int run = 0; run < this.size.drainRuns(); run++) {
			this.database.clearJobs();
			Object since = now();
			this.table.insertDue(this.size.pending());
			addDrain(drain(this.size.pending(), since), "_empty");
		}
	}

	private void fill() {
		this.database.clearJobs();
		long started = System.nanoTime();
		long finished = this.size.finished();
		this.startMillis = System.currentTimeMillis() - Duration.ofMinutes(1).toMillis() - HistoryTable.SPAN.toMillis();
		for (long from = 1; from <= finished; from += this.size.chunk()) {
			this.table.insertHistory(from, Math.min(finished, from + this.size.chunk() - 1), finished,
					this.startMillis);
		}
		add("fill_history_s", seconds(started));
		this.table.insertDue(this.size.pending());
		long analyzing = System.nanoTime();
		this.table.analyze();
		add("analyze_s", seconds(analyzing));
		add("history_rows", (double) finished);
		add("attempt_rows", count("taskflow_attempt"));
		this.table.sizes().forEach(this::add);
	}

	private void queries(TaskFlow taskFlow, JobStore store) {
		Jobs jobs = taskFlow.jobs();
		String[] queues = HistoryTable.QUEUES;
		String[] handlers = HistoryTable.HANDLERS;
		int runs = this.size.queryRuns();
		int scans = this.size.scanRuns();
		// served by an index, or meant to be: each alone, with a day of creation times,
		// and page after page by cursor
		time("list_all", runs, (k) -> jobs.list(JobQuery.all()));
		time("list_status_failed", runs, (k) -> jobs.list(JobQuery.all().status(JobStatus.FAILED)));
		time("list_status_succeeded", runs, (k) -> jobs.list(JobQuery.all().status(JobStatus.SUCCEEDED)));
		time("list_status_pending", runs, (k) -> jobs.list(JobQuery.all().status(JobStatus.PENDING)));
		time("list_statuses_failed_cancelled", runs,
				(k) -> jobs.list(JobQuery.all().status(JobStatus.FAILED, JobStatus.CANCELLED)));
		time("list_queue", runs, (k) -> jobs.list(JobQuery.all().queue(queues[k % queues.length])));
		time("list_handler", runs, (k) -> jobs.list(JobQuery.all().handler(handlers[k % handlers.length])));
		time("list_status_day", runs, (k) -> jobs.list(day(JobQuery.all().status(JobStatus.FAILED), k)));
		time("list_queue_day", runs, (k) -> jobs.list(day(JobQuery.all().queue(queues[k % queues.length]), k)));
		time("list_handler_day", runs, (k) -> jobs.list(day(JobQuery.all().handler(handlers[k % handlers.length]), k)));
		String[] cursor = { jobs.list(JobQuery.all().queue("mail")).nextCursor().orElse(null) };
		time("list_queue_next_pages", runs, (k) -> {
			JobPage page = jobs.list(JobQuery.all().queue("mail").after(cursor[0]));
			cursor[0] = page.nextCursor().orElse(null);
			return page;
		});
		// served by no index: they may scan the table
		time("list_text_common", scans, (k) -> jobs.list(JobQuery.all().text("timeout")));
		time("list_text_rare", scans, (k) -> jobs.list(JobQuery.all().text("order-" + rareOrder(k))));
		time("list_correlation_id", scans, (k) -> jobs.list(JobQuery.all().correlationId("order-" + rareOrder(k) / 3)));
		time("count_all", scans, (k) -> jobs.count(JobQuery.all()));
		time("count_status_failed", scans, (k) -> jobs.count(JobQuery.all().status(JobStatus.FAILED)));
		time("count_by_status_all", scans, (k) -> jobs.countByStatus(JobQuery.all()));
		time("count_by_status_queue", scans,
				(k) -> jobs.countByStatus(JobQuery.all().queue(queues[k % queues.length])));
		time("queues_list", scans, (k) -> taskFlow.queues().list());
		time("queue_gauges_query", scans, (k) -> store.queueStatistics());
	}

	// a day of creation times between 10 and 170 days ago, another for every run
	private JobQuery day(JobQuery query, int run) {
		long day = Duration.ofDays(1).toMillis();
		Instant from = Instant.ofEpochMilli(this.startMillis + (10 + (run * 37L) % 160) * day);
		return query.createdAfter(from).createdBefore(from.plusMillis(day));
	}

	// an order id that one history row names in its payload (and that no longer number
	// contains)
	private long rareOrder(int run) {
		long half = this.size.finished() / 2;
		return half + (run * 7919L) % half;
	}

	private void deepDrains() {
		for (int run = 0; run < this.size.drainRuns(); run++) {
			Object since = now();
			if (run > 0) {
				this.table.insertDue(this.size.pending());
			}
			else {
				// the due jobs of the fill, created before
				since = this.jdbc.queryForObject("SELECT MIN(created_at) FROM taskflow_job WHERE status = 'PENDING'",
						Object.class);
			}
			addDrain(drain(this.size.pending(), since), "_deep");
		}
	}

	// before it, about purged times n of the oldest succeeded jobs ended
	private Instant cutoff(int n) {
		return HistoryTable.succeededBefore((long) n * this.size.purged(), this.size.finished(), this.startMillis);
	}

	// the retention handler of a node whose retention keeps succeeded jobs back to the
	// cutoff, and the others for ever; the node runs no jobs, so it declares no schedule
	private Purged retentionPurge(Instant before) throws InterruptedException {
		Map<String, String> settings = new LinkedHashMap<>(QUERYING);
		settings.put("spring.taskflow.retention.enabled", "true");
		settings.put("spring.taskflow.retention.failed", "keep");
		settings.put("spring.taskflow.retention.cancelled", "keep");
		// counted back from the database's clock, as the purge counts (the node starts in
		// between: a second or two, a row or so more)
		settings.put("spring.taskflow.retention.succeeded", Duration.between(before, databaseNow()).toMillis() + "ms");
		try (Node node = Node.start(this.database, settings)) {
			long started = System.nanoTime();
			RetentionRun run = node.bean(RetentionHandler.class).purge();
			return new Purged(run.total(), seconds(started));
		}
	}

	private Purged bulkPurge(Jobs jobs, Instant before) {
		long started = System.nanoTime();
		int deleted = jobs.deleteAll(JobQuery.all().status(JobStatus.SUCCEEDED).finishedBefore(before));
		return new Purged(deleted, seconds(started));
	}

	// timed from the first statement of the purge to its last, without the start of its
	// node
	private void purge(String name, Purge purge) throws Exception {
		double attemptsBefore = count("taskflow_attempt");
		Purged purged = purge.run();
		add(name + "_rows", (double) purged.rows());
		add(name + "_attempt_rows", attemptsBefore - count("taskflow_attempt"));
		add(name + "_s", purged.seconds());
		add(name + "_rows_per_s", purged.rows() / purged.seconds());
	}

	private void drainsWhilePurging(Purge purging) throws Exception {
		ExecutorService purger = Executors.newSingleThreadExecutor();
		try {
			Object since = now();
			this.table.insertDue(this.size.pending());
			Future<Purged> purge = purger.submit(purging::run);
			// the purge node starts and its first batches go by before the drain
			Thread.sleep((this.size.drainRuns() > 1) ? 5000 : 0);
			int overlapped = 0;
			for (int run = 0; run < this.size.drainRuns() && (run == 0 || !purge.isDone()); run++) {
				if (run > 0) {
					since = now();
					this.table.insertDue(this.size.pending());
				}
				addDrain(drain(this.size.pending(), since), "_purging");
				overlapped += purge.isDone() ? 0 : 1;
			}
			Purged purged = purge.get();
			add("purging_drains_within_purge", (double) overlapped);
			add("purge_while_draining_rows", (double) purged.rows());
			add("purge_while_draining_s", purged.seconds());
		}
		finally {
			purger.shutdownNow();
		}
	}

	private Drain drain(int count, Object since) {
		long runsBefore = BenchmarkApplication.NoopHandler.runs.get();
		List<Double> claims;
		try (Node node = Node.start(this.database, COUNTING)) {
			Scenarios.awaitRuns(runsBefore + count);
			awaitNoActiveJobs();
			claims = node.bean(StatementCounter.class).claimMillis();
		}
		Double millis = this.jdbc.queryForObject(
				"SELECT " + this.database.millisBetween("MIN(started_at)", "MAX(finished_at)")
						+ " FROM taskflow_job WHERE handler = ? AND created_at >= ?",
				Double.class, BenchmarkApplication.NOOP, since);
		claims.sort(null);
		return new Drain(count / (millis / 1000), Percentiles.percentile(claims, 50),
				Percentiles.percentile(claims, 99), claims.size());
	}

	private void addDrain(Drain drain, String suffix) {
		add("drain_jobs_per_s" + suffix, drain.jobsPerSecond());
		add("claim_p50_ms" + suffix, drain.claimP50());
		add("claim_p99_ms" + suffix, drain.claimP99());
		add("claims" + suffix, (double) drain.claims());
	}

	// the outcomes of the last jobs are written in a batch after they ran
	private void awaitNoActiveJobs() {
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (System.nanoTime() < deadline) {
			// one status each: the partial claim and lease indexes of PostgreSQL answer
			Long pending = this.jdbc.queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE status = 'PENDING'",
					Long.class);
			Long running = this.jdbc.queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE status = 'RUNNING'",
					Long.class);
			if (pending == 0 && running == 0) {
				return;
			}
			sleep(100);
		}
		throw new IllegalStateException("Jobs were still pending or running after 10 minutes");
	}

	private void time(String name, int runs, IntFunction<Object> query) {
		List<Double> millis = new ArrayList<>();
		long budgetEnd = System.nanoTime() + this.size.queryBudget().toNanos();
		for (int k = 0; k < runs && (k < this.size.minRuns() || System.nanoTime() < budgetEnd); k++) {
			long started = System.nanoTime();
			query.apply(k);
			millis.add((System.nanoTime() - started) / 1e6);
		}
		millis.sort(null);
		add(name + "_p50_ms", Percentiles.percentile(millis, 50));
		add(name + "_p95_ms", Percentiles.percentile(millis, 95));
		add(name + "_runs", (double) millis.size());
	}

	private Object now() {
		return this.jdbc.queryForObject(
				(this.database == BenchDatabase.POSTGRESQL) ? "SELECT now()" : "SELECT UTC_TIMESTAMP(6)", Object.class);
	}

	private Instant databaseNow() {
		if (this.database == BenchDatabase.POSTGRESQL) {
			return this.jdbc.queryForObject("SELECT now()", Timestamp.class).toInstant();
		}
		return this.jdbc.queryForObject("SELECT UTC_TIMESTAMP(6)", LocalDateTime.class).toInstant(ZoneOffset.UTC);
	}

	private double count(String table) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
	}

	private double median(String metric) {
		return new Figure(this.database, "", "", metric, "", this.result.get(metric)).median();
	}

	private void add(String metric, double value) {
		this.result.computeIfAbsent(metric, (key) -> new ArrayList<>()).add(value);
	}

	private static double seconds(long startedNanos) {
		return (System.nanoTime() - startedNanos) / 1e9;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@FunctionalInterface
	private interface Purge {

		Purged run() throws Exception;

	}

	private record Purged(int rows, double seconds) {

	}

	private record Drain(double jobsPerSecond, double claimP50, double claimP99, int claims) {

	}

	/**
	 * How big {@code deep_history} is.
	 *
	 * @param finished the finished jobs of the history
	 * @param pending the due jobs of each drain
	 * @param purged the succeeded jobs each purge removes
	 * @param chunk the history rows written per statement
	 * @param drainRuns the drains of each kind
	 * @param queryRuns the runs of each query an index serves
	 * @param scanRuns the runs of each query that may scan
	 * @param minRuns the runs of each query however long they take
	 * @param queryBudget the time after which a query is not run again (beyond
	 * {@code minRuns})
	 */
	record Size(long finished, int pending, int purged, int chunk, int drainRuns, int queryRuns, int scanRuns,
			int minRuns, Duration queryBudget) {

		/**
		 * The full size, or a smaller or larger one by system properties
		 * {@code taskflow.bench.deep-history.finished}, {@code .pending} and
		 * {@code .purged}.
		 * @return the size
		 */
		static Size full() {
			String prefix = "taskflow.bench.deep-history.";
			return new Size(Long.getLong(prefix + "finished", 5_000_000),
					Integer.getInteger(prefix + "pending", 100_000), Integer.getInteger(prefix + "purged", 1_000_000),
					250_000, 3, 20, 5, 3, Duration.ofSeconds(20));
		}

		static Size smoke() {
			return new Size(5_000, 1_000, 1_000, 2_000, 1, 1, 1, 1, Duration.ZERO);
		}

	}

}
