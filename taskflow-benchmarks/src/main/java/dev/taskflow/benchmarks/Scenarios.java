package dev.taskflow.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

import dev.taskflow.JobRequest;
import dev.taskflow.Step;
import dev.taskflow.TaskFlow;
import dev.taskflow.Workflow;
import dev.taskflow.WorkflowId;
import dev.taskflow.WorkflowStatus;
import dev.taskflow.WorkflowView;
import dev.taskflow.benchmarks.BenchmarkApplication.UnitsJob;
import dev.taskflow.benchmarks.BenchmarkApplication.UnitsMode;
import dev.taskflow.benchmarks.peers.CpuTime;
import dev.taskflow.test.Percentiles;
import dev.taskflow.test.RatePacer;

/**
 * The benchmark scenarios. Every time that decides a figure is read from the database
 * (created, started and finished times of the jobs), so node start-up never counts and
 * nodes in other JVMs are measured alike.
 *
 * @author TaskFlow
 */
final class Scenarios {

	private static final Map<String, String> ENQUEUE_ONLY = Map.of("spring.taskflow.worker.enabled", "false");

	private static final Map<String, String> COUNTING = Map.of("bench.count-statements", "true");

	/** {@code spring.taskflow.worker.threads}. */
	private static final int DEFAULT_THREADS = 10;

	private final BenchDatabase database;

	private final Sizes sizes;

	private final JdbcTemplate jdbc;

	Scenarios(BenchDatabase database, Sizes sizes) {
		this.database = database;
		this.sizes = sizes;
		this.jdbc = database.jdbc();
		// a node creates TaskFlow's tables (a fresh in-memory H2 has none)
		Node.start(database, ENQUEUE_ONLY).close();
	}

	/**
	 * {@code enqueue_single}: one {@code enqueue} call, one transaction, per job.
	 */
	Map<String, Double> enqueueSingle(int producers) throws Exception {
		this.database.clearJobs();
		try (Node node = Node.start(this.database, ENQUEUE_ONLY)) {
			TaskFlow taskFlow = node.taskFlow();
			int perProducer = this.sizes.enqueueJobs() / producers;
			ExecutorService executor = Executors.newFixedThreadPool(producers);
			CpuTime cpu = CpuTime.now();
			long start = System.nanoTime();
			List<Future<?>> futures = new ArrayList<>();
			for (int p = 0; p < producers; p++) {
				futures.add(executor.submit(() -> {
					for (int i = 0; i < perProducer; i++) {
						taskFlow.enqueue(BenchmarkApplication.NOOP, null);
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			executor.shutdown();
			return cpu.addTo(Map.of("jobs_per_s", perProducer * producers / seconds), perProducer * producers);
		}
	}

	/**
	 * {@code enqueue_batch}: {@code enqueueAll} in batches.
	 */
	Map<String, Double> enqueueBatch() {
		this.database.clearJobs();
		try (Node node = Node.start(this.database, ENQUEUE_ONLY)) {
			TaskFlow taskFlow = node.taskFlow();
			List<JobRequest> batch = new ArrayList<>();
			for (int i = 0; i < this.sizes.batchSize(); i++) {
				batch.add(JobRequest.of(BenchmarkApplication.NOOP));
			}
			int batches = this.sizes.enqueueJobs() / this.sizes.batchSize();
			CpuTime cpu = CpuTime.now();
			long start = System.nanoTime();
			for (int b = 0; b < batches; b++) {
				taskFlow.enqueueAll(batch);
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			return cpu.addTo(Map.of("jobs_per_s", batches * this.sizes.batchSize() / seconds),
					batches * this.sizes.batchSize());
		}
	}

	/**
	 * {@code drain}: jobs already in the table, then a node starts.
	 */
	Map<String, Double> drain(int threads) {
		return drain(threads, this.sizes.drainJobs(), Map.of());
	}

	// the node's settings beside the threads: the workflow scenario counts statements
	private Map<String, Double> drain(int threads, int jobs, Map<String, String> settings) {
		this.database.clearJobs();
		enqueueDue(jobs);
		long runsBefore = BenchmarkApplication.NoopHandler.runs.get();
		Map<String, String> nodeSettings = new LinkedHashMap<>(settings);
		nodeSettings.put("spring.taskflow.worker.threads", String.valueOf(threads));
		try (Node node = Node.start(this.database, nodeSettings)) {
			// from here on, not the node's start: the jobs it ran before are not counted
			CpuTime cpu = CpuTime.now();
			long runsAtStart = BenchmarkApplication.NoopHandler.runs.get();
			awaitRuns(runsBefore + jobs);
			Map<String, Double> drain = awaitDrain(jobs);
			if (settings.containsKey("bench.count-statements")) {
				drain.putAll(statementsPerJob(node.bean(StatementCounter.class), jobs));
			}
			return cpu.addTo(drain, runsBefore + jobs - runsAtStart);
		}
	}

	/**
	 * {@code e2e_latency}: a constant rate of jobs, enqueued on one node and run on the
	 * same or on another.
	 */
	Map<String, Double> endToEndLatency(boolean acrossNodes) throws Exception {
		this.database.clearJobs();
		int total = this.sizes.latencyRate() * (int) this.sizes.latencyDuration().toSeconds();
		Map<UUID, Long> enqueued = new ConcurrentHashMap<>();
		Map<UUID, Long> started = new ConcurrentHashMap<>();
		if (acrossNodes) {
			try (JvmNode consumer = JvmNode.start(this.database, Map.of());
					Node producer = Node.start(this.database, ENQUEUE_ONLY)) {
				produceAtRate(producer.taskFlow());
				awaitSucceeded(total);
			}
		}
		else {
			BenchmarkApplication.NoopHandler.starts = started;
			try (Node node = Node.start(this.database, Map.of())) {
				produceAtRate(node.taskFlow(), enqueued);
				awaitSucceeded(total);
			}
			finally {
				BenchmarkApplication.NoopHandler.starts = null;
			}
		}
		List<Double> latencies = this.jdbc.queryForList(
				"SELECT " + this.database.millisBetween("created_at", "started_at") + " FROM taskflow_job",
				Double.class);
		latencies.sort(null);
		Map<String, Double> result = new LinkedHashMap<>();
		result.put("p50_ms", Percentiles.percentile(latencies, 50));
		result.put("p95_ms", Percentiles.percentile(latencies, 95));
		result.put("p99_ms", Percentiles.percentile(latencies, 99));
		if (!acrossNodes) {
			// what the application sees: from the call of enqueue to the handler's start,
			// both on this JVM's clock (a job started directly is created and started at
			// one instant of the database's clock, before its insert has even returned)
			List<Double> toHandler = new ArrayList<>();
			enqueued.forEach((id, at) -> {
				Long start = started.get(id);
				if (start != null) {
					toHandler.add((start - at) / 1e6);
				}
			});
			toHandler.sort(null);
			result.put("handler_start_p50_ms", Percentiles.percentile(toHandler, 50));
			result.put("handler_start_p95_ms", Percentiles.percentile(toHandler, 95));
			result.put("handler_start_p99_ms", Percentiles.percentile(toHandler, 99));
		}
		return result;
	}

	/**
	 * {@code delay_precision}: jobs delayed at random between the shortest and the
	 * longest delay, enqueued at a steady rate on one node and run on the same or on
	 * another: how late each starts, {@code started_at − run_at}, both from the
	 * database's clock ({@code started_at} is the claim). A job that started early would
	 * show as a negative lateness and is counted apart.
	 */
	Map<String, Double> delayPrecision(boolean acrossNodes) throws Exception {
		this.database.clearJobs();
		DelayedLoad load = this.sizes.delayedLoad();
		if (acrossNodes) {
			try (JvmNode consumer = JvmNode.start(this.database, Map.of());
					Node producer = Node.start(this.database, ENQUEUE_ONLY)) {
				produceDelayedAtRate(producer.taskFlow(), load);
				awaitSucceeded(load.jobs());
			}
		}
		else {
			try (Node node = Node.start(this.database, Map.of())) {
				produceDelayedAtRate(node.taskFlow(), load);
				awaitSucceeded(load.jobs());
			}
		}
		List<Double> lateness = this.jdbc.queryForList(
				"SELECT " + this.database.millisBetween("run_at", "started_at") + " FROM taskflow_job", Double.class);
		lateness.sort(null);
		Map<String, Double> result = new LinkedHashMap<>();
		result.put("lateness_p50_ms", Percentiles.percentile(lateness, 50));
		result.put("lateness_p95_ms", Percentiles.percentile(lateness, 95));
		result.put("lateness_p99_ms", Percentiles.percentile(lateness, 99));
		result.put("lateness_max_ms", lateness.isEmpty() ? Double.NaN : lateness.get(lateness.size() - 1));
		result.put("started_early", (double) lateness.stream().filter((millis) -> millis < 0).count());
		return result;
	}

	private static void produceDelayedAtRate(TaskFlow taskFlow, DelayedLoad load) throws InterruptedException {
		long shortest = load.shortestDelay().toNanos();
		long longest = load.longestDelay().toNanos();
		RatePacer.perSecond(load.rate()).run(load.jobs(), () -> {
			Duration delay = Duration.ofNanos(ThreadLocalRandom.current().nextLong(shortest, longest + 1));
			taskFlow.enqueue(JobRequest.of(BenchmarkApplication.NOOP).delay(delay));
		});
	}

	/**
	 * {@code idle_cost}: statements per second an idle node sends.
	 */
	Map<String, Double> idleCost() throws InterruptedException {
		this.database.clearJobs();
		try (Node node = Node.start(this.database, Map.of("bench.count-statements", "true"))) {
			StatementCounter counter = node.bean(StatementCounter.class);
			Thread.sleep(2000);
			counter.reset();
			long start = System.nanoTime();
			Thread.sleep(this.sizes.idleDuration().toMillis());
			double seconds = (System.nanoTime() - start) / 1e9;
			return Map.of("statements_per_s", counter.statements() / seconds);
		}
	}

	/**
	 * {@code deep_backlog}: a drain with and without a million jobs delayed into the
	 * future; claim latency, drain rate and heap growth.
	 */
	Map<String, Double> deepBacklog() {
		Map<String, Double> result = new LinkedHashMap<>();
		for (boolean backlog : new boolean[] { false, true }) {
			this.database.clearJobs();
			if (backlog) {
				this.jdbc.update(this.database.insertFutureJobs(this.sizes.backlogJobs()));
			}
			enqueueDue(this.sizes.drainJobs());
			String suffix = backlog ? "_backlog" : "_empty";
			long heapBefore = usedHeapAfterGc();
			long runsBefore = BenchmarkApplication.NoopHandler.runs.get();
			try (Node node = Node.start(this.database, Map.of("bench.count-statements", "true"))) {
				awaitRuns(runsBefore + this.sizes.drainJobs());
				Map<String, Double> drain = awaitDrain(this.sizes.drainJobs());
				result.put("jobs_per_s" + suffix, drain.get("jobs_per_s"));
				result.put("claim_ms" + suffix, node.bean(StatementCounter.class).averageClaimMillis());
				result.put("heap_growth_mb" + suffix, (usedHeapAfterGc() - heapBefore) / 1024.0 / 1024.0);
			}
		}
		this.database.clearJobs();
		return result;
	}

	/**
	 * {@code deep_history}: months of finished jobs in the table ({@link DeepHistory}).
	 */
	Map<String, List<Double>> deepHistory() throws Exception {
		return new DeepHistory(this.database, this.sizes.history()).run();
	}

	/**
	 * {@code dashboard_api}: the dashboard's API calls on a big job table.
	 */
	Map<String, List<Double>> dashboardApi() throws Exception {
		return new DashboardApi(this.database, this.sizes.dashboardApi()).run();
	}

	/**
	 * {@code cluster_drain}: {@code drain} by several nodes, each in a JVM of its own.
	 */
	Map<String, Double> clusterDrain(int nodes) throws Exception {
		this.database.clearJobs();
		try (Node producer = Node.start(this.database, ENQUEUE_ONLY)) {
			List<JobRequest> batch = new ArrayList<>();
			for (int i = 0; i < this.sizes.batchSize(); i++) {
				batch.add(JobRequest.of(BenchmarkApplication.NOOP).delay(Duration.ofHours(1)));
			}
			for (int b = 0; b < this.sizes.drainJobs() / this.sizes.batchSize(); b++) {
				producer.taskFlow().enqueueAll(batch);
			}
		}
		List<JvmNode> started = new ArrayList<>();
		try {
			for (int i = 0; i < nodes; i++) {
				started.add(JvmNode.start(this.database, Map.of("spring.taskflow.worker.poll-interval", "200ms")));
			}
			// every node is up: make the jobs due at once, and wake the nodes where we
			// can
			this.jdbc.update("UPDATE taskflow_job SET run_at = created_at");
			if (this.database == BenchDatabase.POSTGRESQL) {
				this.jdbc.execute("NOTIFY taskflow_job_enqueued");
			}
			return awaitDrain(this.sizes.drainJobs());
		}
		finally {
			for (JvmNode node : started) {
				node.close();
			}
		}
	}

	/**
	 * {@code workflow}, fan-out and fan-in: a workflow whose first step spawns the jobs
	 * and whose second step runs after all of them, timed from its start to its end (the
	 * workflow's {@code created_at} and {@code finished_at}), against a {@code drain} of
	 * as many plain jobs on the same node set-up. Both nodes count their statements from
	 * their start; the workflow's are reset just before it starts.
	 */
	Map<String, Double> workflowFanOut() throws Exception {
		int jobs = this.sizes.workflow().spawnedJobs();
		Map<String, Double> plain = drain(DEFAULT_THREADS, jobs, COUNTING);
		this.database.clearJobs();
		Map<String, String> settings = new LinkedHashMap<>(COUNTING);
		settings.put("spring.taskflow.worker.threads", String.valueOf(DEFAULT_THREADS));
		Map<String, Double> workflow;
		try (Node node = Node.start(this.database, settings)) {
			StatementCounter counter = node.bean(StatementCounter.class);
			Workflow fanOut = Workflow.named("bench.fan-out")
				.step(Step.of("fan-out", JobRequest.of(BenchmarkApplication.SPAWN, jobs)))
				.step(Step.of("fan-in", JobRequest.of(BenchmarkApplication.NOOP)).after("fan-out"));
			counter.reset();
			CpuTime cpu = CpuTime.now();
			WorkflowId id = node.taskFlow().workflows().start(fanOut);
			WorkflowView finished = node.taskFlow().workflows().whenFinished(id).get(10, TimeUnit.MINUTES);
			Assert.state(finished.status() == WorkflowStatus.SUCCEEDED,
					() -> "The fan-out workflow ended " + finished.status());
			// the spawning job and the fan-in are jobs too
			workflow = cpu.addTo(statementsPerJob(counter, jobs + 2), jobs + 2);
		}
		String started = "SELECT created_at AS t FROM taskflow_workflow";
		String spawnerStarted = "SELECT started_at AS t FROM taskflow_job WHERE step_name = 'fan-out'"
				+ " AND step_role = 'STEP'";
		// set before the spawned jobs are stored: the join follows the outcome
		String spawnerFinished = "SELECT finished_at AS t FROM taskflow_job WHERE step_name = 'fan-out'"
				+ " AND step_role = 'STEP'";
		String firstSpawnedStarted = "SELECT MIN(started_at) AS t FROM taskflow_job WHERE step_role = 'SPAWNED'";
		String lastSpawnedFinished = "SELECT MAX(finished_at) AS t FROM taskflow_job WHERE step_role = 'SPAWNED'";
		String ended = "SELECT finished_at AS t FROM taskflow_workflow";
		double plainMillis = jobs / plain.get("jobs_per_s") * 1000;
		double workflowMillis = millisBetween(started, ended);
		Map<String, Double> result = new LinkedHashMap<>();
		result.put("plain_drain_ms", plainMillis);
		result.put("workflow_ms", workflowMillis);
		result.put("workflow_to_plain_ratio", workflowMillis / plainMillis);
		// where the workflow's time goes; the five add up to workflow_ms
		result.put("spawner_claimed_ms", millisBetween(started, spawnerStarted));
		result.put("spawner_ran_ms", millisBetween(spawnerStarted, spawnerFinished));
		result.put("spawned_stored_ms", millisBetween(spawnerFinished, firstSpawnedStarted));
		result.put("spawned_drain_ms", millisBetween(firstSpawnedStarted, lastSpawnedFinished));
		result.put("fan_in_ms", millisBetween(lastSpawnedFinished, ended));
		for (String figure : List.of("statements_per_job", "round_trips_per_job", "jvm_cpu_us_per_job",
				"db_cpu_us_per_job")) {
			result.put("plain_" + figure, plain.get(figure));
			result.put("workflow_" + figure, workflow.get(figure));
		}
		return result;
	}

	/**
	 * {@code workflow}, chains: chains of three no-op jobs started at a steady rate, by
	 * several producer threads, on one node, which runs them. Chains finished per second
	 * from the first start to the last end, the time of each from its start to its end
	 * (the database's clock), the rate the starts kept (this JVM's clock), and the
	 * statements per step job, the starts included.
	 */
	Map<String, Double> workflowChains() throws Exception {
		this.database.clearJobs();
		WorkflowLoad load = this.sizes.workflow();
		int chains = load.chains();
		Workflow chain = Workflow.chain("bench.chain", JobRequest.of(BenchmarkApplication.NOOP),
				JobRequest.of(BenchmarkApplication.NOOP), JobRequest.of(BenchmarkApplication.NOOP));
		double startedPerSecond;
		Map<String, Double> statements;
		try (Node node = Node.start(this.database, COUNTING)) {
			StatementCounter counter = node.bean(StatementCounter.class);
			TaskFlow taskFlow = node.taskFlow();
			counter.reset();
			startedPerSecond = paced(load.producers(), load.chainRate(), chains,
					() -> taskFlow.workflows().start(chain));
			awaitWorkflows(chains);
			statements = statementsPerJob(counter, 3L * chains);
		}
		Map<String, Double> result = new LinkedHashMap<>();
		double millis = millisBetween("SELECT MIN(created_at) AS t FROM taskflow_workflow",
				"SELECT MAX(finished_at) AS t FROM taskflow_workflow");
		result.put("chains_per_s", chains / (millis / 1000));
		result.put("chains_per_s_started", startedPerSecond);
		result.putAll(latencies(
				"SELECT " + this.database.millisBetween("created_at", "finished_at") + " FROM taskflow_workflow"));
		result.putAll(statements);
		return result;
	}

	/**
	 * {@code workflow}, the chains' baseline: as many plain no-op jobs as the chains
	 * have, enqueued one by one at three times the chains' rate by as many producer
	 * threads on one node, which runs them; measured as the chains are.
	 */
	Map<String, Double> workflowPlainJobs() throws Exception {
		this.database.clearJobs();
		WorkflowLoad load = this.sizes.workflow();
		int jobs = 3 * load.chains();
		double enqueuedPerSecond;
		Map<String, Double> statements;
		try (Node node = Node.start(this.database, COUNTING)) {
			StatementCounter counter = node.bean(StatementCounter.class);
			TaskFlow taskFlow = node.taskFlow();
			counter.reset();
			enqueuedPerSecond = paced(load.producers(), 3 * load.chainRate(), jobs,
					() -> taskFlow.enqueue(BenchmarkApplication.NOOP, null));
			awaitSucceeded(jobs);
			statements = statementsPerJob(counter, jobs);
		}
		Map<String, Double> result = new LinkedHashMap<>();
		double millis = millisBetween("SELECT MIN(created_at) AS t FROM taskflow_job",
				"SELECT MAX(finished_at) AS t FROM taskflow_job");
		result.put("jobs_per_s", jobs / (millis / 1000));
		result.put("jobs_per_s_enqueued", enqueuedPerSecond);
		result.putAll(
				latencies("SELECT " + this.database.millisBetween("created_at", "finished_at") + " FROM taskflow_job"));
		result.putAll(statements);
		return result;
	}

	/**
	 * {@code long_running}: one run of each variant in turn ({@link UnitsMode}), on one
	 * node that counts its statements and stays up for all of them: the same long jobs
	 * run plainly, reporting progress, also saving a cursor, or running units as steps.
	 * For each, the jobs are enqueued at once by another node (not counted), then this
	 * node runs them: its statements from just before the enqueue until the last job
	 * succeeded, per job, and the difference to the plain jobs of the same run; jobs per
	 * second from the first start to the last end (the database's clock).
	 * @return the figures by variant
	 */
	Map<String, Map<String, Double>> longRunning() throws Exception {
		LongRunningLoad load = this.sizes.longRunning();
		Map<String, String> settings = new LinkedHashMap<>(COUNTING);
		settings.put("spring.taskflow.worker.threads", String.valueOf(load.threads()));
		Map<String, Map<String, Double>> result = new LinkedHashMap<>();
		this.database.clearJobs();
		try (Node producer = Node.start(this.database, ENQUEUE_ONLY); Node node = Node.start(this.database, settings)) {
			StatementCounter counter = node.bean(StatementCounter.class);
			Map<String, Double> plain = null;
			for (UnitsMode mode : UnitsMode.values()) {
				this.database.clearJobs();
				UnitsJob job = new UnitsJob(load.units(), (int) load.unit().toMillis(), mode);
				List<JobRequest> jobs = new ArrayList<>();
				for (int i = 0; i < load.jobs(); i++) {
					jobs.add(JobRequest.of(BenchmarkApplication.UNITS, job));
				}
				long runsBefore = BenchmarkApplication.UnitsHandler.runs.get();
				counter.reset();
				CpuTime cpu = CpuTime.now();
				producer.taskFlow().enqueueAll(jobs);
				// the handler first: a poll of the table opens a connection, which costs
				// the server CPU that is not the jobs'
				awaitRuns(BenchmarkApplication.UnitsHandler.runs, runsBefore + load.jobs());
				awaitSucceeded(load.jobs());
				Map<String, Double> figures = new LinkedHashMap<>(statementsPerJob(counter, load.jobs()));
				figures.put("renewal_statements_per_job", (double) counter.renewals() / load.jobs());
				figures.put("checkpoint_read_statements_per_job", (double) counter.checkpointReads() / load.jobs());
				if (plain == null) {
					plain = figures;
				}
				else {
					figures.put("extra_statements_per_job",
							figures.get("statements_per_job") - plain.get("statements_per_job"));
					figures.put("extra_round_trips_per_job",
							figures.get("round_trips_per_job") - plain.get("round_trips_per_job"));
				}
				figures.put("jobs_per_s", load.jobs() / (millisBetween("SELECT MIN(started_at) AS t FROM taskflow_job",
						"SELECT MAX(finished_at) AS t FROM taskflow_job") / 1000));
				result.put(mode.label(), cpu.addTo(figures, load.jobs()));
			}
		}
		return result;
	}

	/**
	 * {@code autoscaling}: a burst on a queue whose pool scales, and on fixed pools of
	 * its min and its max ({@link Autoscaling}).
	 * @param timelines takes a line of JSON with the pool's size over time, per variant
	 * @return the figures by variant
	 */
	Map<String, Map<String, Double>> autoscaling(Consumer<String> timelines) throws Exception {
		return new Autoscaling(this.database, this.sizes.autoscaling(), timelines).run();
	}

	/**
	 * Calls the action {@code count} times at {@code rate} per second in all, from
	 * {@code producers} threads each paced at its share of the rate: one thread cannot
	 * start a workflow every millisecond.
	 * @return the calls per second it kept
	 */
	private static double paced(int producers, int rate, int count, Runnable action) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(producers);
		try {
			long start = System.nanoTime();
			List<Future<?>> futures = new ArrayList<>();
			for (int p = 0; p < producers; p++) {
				int calls = count / producers + ((p < count % producers) ? 1 : 0);
				futures.add(executor.submit(() -> {
					RatePacer.perSecond((double) rate / producers).run(calls, action);
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
			return count / ((System.nanoTime() - start) / 1e9);
		}
		finally {
			executor.shutdown();
		}
	}

	private static Map<String, Double> statementsPerJob(StatementCounter counter, long jobs) {
		Map<String, Double> result = new LinkedHashMap<>();
		result.put("statements_per_job", (double) counter.statements() / jobs);
		result.put("round_trips_per_job", (double) counter.roundTrips() / jobs);
		return result;
	}

	// p50/p95/p99 of the milliseconds the query reads, one row each
	private Map<String, Double> latencies(String query) {
		List<Double> millis = this.jdbc.queryForList(query, Double.class);
		millis.sort(null);
		Map<String, Double> result = new LinkedHashMap<>();
		result.put("p50_ms", Percentiles.percentile(millis, 50));
		result.put("p95_ms", Percentiles.percentile(millis, 95));
		result.put("p99_ms", Percentiles.percentile(millis, 99));
		return result;
	}

	// the milliseconds between two instants, each the one value its query reads
	private double millisBetween(String fromQuery, String toQuery) {
		Double millis = this.jdbc.queryForObject("SELECT " + this.database.millisBetween("a.t", "b.t") + " FROM ("
				+ fromQuery + ") a, (" + toQuery + ") b", Double.class);
		Assert.state(millis != null, () -> "No time between '" + fromQuery + "' and '" + toQuery + "'");
		return millis;
	}

	private void awaitWorkflows(int count) {
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (System.nanoTime() < deadline) {
			Integer unfinished = this.jdbc.queryForObject(
					"SELECT COUNT(*) FROM taskflow_workflow WHERE status IN ('RUNNING', 'COMPENSATING')",
					Integer.class);
			if (unfinished != null && unfinished == 0) {
				Integer succeeded = this.jdbc
					.queryForObject("SELECT COUNT(*) FROM taskflow_workflow WHERE status = 'SUCCEEDED'", Integer.class);
				Assert.state(succeeded != null && succeeded == count,
						() -> succeeded + " of " + count + " workflows succeeded");
				return;
			}
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException("Workflows did not all finish within 10 minutes");
	}

	private void enqueueDue(int count) {
		try (Node producer = Node.start(this.database, ENQUEUE_ONLY)) {
			List<JobRequest> batch = new ArrayList<>();
			for (int i = 0; i < this.sizes.batchSize(); i++) {
				batch.add(JobRequest.of(BenchmarkApplication.NOOP));
			}
			for (int b = 0; b < count / this.sizes.batchSize(); b++) {
				producer.taskFlow().enqueueAll(batch);
			}
			// the rest, for a count that is no multiple of the batch
			if (count % this.sizes.batchSize() > 0) {
				producer.taskFlow().enqueueAll(batch.subList(0, count % this.sizes.batchSize()));
			}
		}
	}

	private void produceAtRate(TaskFlow taskFlow) throws InterruptedException {
		produceAtRate(taskFlow, new ConcurrentHashMap<>());
	}

	private void produceAtRate(TaskFlow taskFlow, Map<UUID, Long> enqueued) throws InterruptedException {
		int total = this.sizes.latencyRate() * (int) this.sizes.latencyDuration().toSeconds();
		RatePacer.perSecond(this.sizes.latencyRate()).run(total, () -> {
			long called = System.nanoTime();
			enqueued.put(taskFlow.enqueue(BenchmarkApplication.NOOP, null).value(), called);
		});
	}

	private Map<String, Double> awaitDrain(int count) {
		awaitSucceeded(count);
		Double millis = this.jdbc.queryForObject(
				"SELECT " + this.database.millisBetween("MIN(started_at)", "MAX(finished_at)") + " FROM taskflow_job",
				Double.class);
		Double longestGap = this.jdbc.queryForObject("SELECT MAX(gap) FROM (SELECT "
				+ this.database.millisBetween("LAG(started_at) OVER (ORDER BY started_at)", "started_at")
				+ " AS gap FROM taskflow_job) gaps", Double.class);
		Map<String, Double> result = new LinkedHashMap<>();
		result.put("jobs_per_s", count / (millis / 1000));
		result.put("longest_start_gap_ms", (longestGap != null) ? longestGap : 0.0);
		return result;
	}

	// in-process nodes: watch the handler, not the table, so that polling a large table
	// does
	// not take CPU from the drain being measured (the figures come from the database
	// anyway)
	static void awaitRuns(long runs) {
		awaitRuns(BenchmarkApplication.NoopHandler.runs, runs);
	}

	static void awaitRuns(AtomicLong counter, long runs) {
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (counter.get() < runs && System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private void awaitSucceeded(int count) {
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (System.nanoTime() < deadline) {
			Integer succeeded = this.jdbc.queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE status = 'SUCCEEDED'",
					Integer.class);
			if (succeeded != null && succeeded >= count) {
				return;
			}
			try {
				// rarely: the figures come from the jobs' timestamps, and each poll is a
				// scan
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new IllegalStateException("Jobs did not all succeed within 10 minutes");
	}

	private static long usedHeapAfterGc() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/**
	 * How big each scenario is.
	 */
	record Sizes(int enqueueJobs, int batchSize, int drainJobs, int latencyRate, Duration latencyDuration,
			Duration idleDuration, int backlogJobs, int warmups, int runs, DelayedLoad delayedLoad,
			DeepHistory.Size history, DashboardApi.Size dashboardApi, WorkflowLoad workflow,
			LongRunningLoad longRunning, Autoscaling.Load autoscaling) {

		static Sizes full() {
			return new Sizes(20_000, 1_000, 20_000, 200, Duration.ofSeconds(30), Duration.ofSeconds(60), 1_000_000, 1,
					3, new DelayedLoad(50, Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(10)),
					DeepHistory.Size.full(), DashboardApi.Size.full(),
					new WorkflowLoad(10_000, 1_000, 4, Duration.ofSeconds(20)),
					new LongRunningLoad(200, 20, Duration.ofMillis(50), 10),
					new Autoscaling.Load(2_000, Duration.ofMillis(50), 1, 8, 10, Duration.ofSeconds(2),
							Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofMillis(50)));
		}

		static Sizes smoke() {
			return new Sizes(400, 100, 400, 50, Duration.ofSeconds(2), Duration.ofSeconds(2), 2_000, 0, 1,
					new DelayedLoad(20, Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1)),
					DeepHistory.Size.smoke(), DashboardApi.Size.smoke(),
					new WorkflowLoad(200, 10, 4, Duration.ofSeconds(1)),
					new LongRunningLoad(5, 4, Duration.ofMillis(20), 10),
					new Autoscaling.Load(160, Duration.ofMillis(20), 1, 4, 2, Duration.ofMillis(500),
							Duration.ofSeconds(1), Duration.ofMillis(1200), Duration.ofMillis(50)));
		}

	}

	/**
	 * The load of {@code delay_precision}.
	 *
	 * @param rate jobs enqueued per second
	 * @param duration for how long
	 * @param shortestDelay the shortest delay of a job
	 * @param longestDelay the longest delay of a job
	 */
	record DelayedLoad(int rate, Duration duration, Duration shortestDelay, Duration longestDelay) {

		int jobs() {
			return this.rate * (int) this.duration.toSeconds();
		}

	}

	/**
	 * The load of {@code workflow}.
	 *
	 * @param spawnedJobs the jobs the fan-out's first step spawns
	 * @param chainRate three-step chains started per second
	 * @param producers the threads that start them, each paced at its share of the rate
	 * @param chainDuration for how long
	 */
	record WorkflowLoad(int spawnedJobs, int chainRate, int producers, Duration chainDuration) {

		int chains() {
			return this.chainRate * (int) this.chainDuration.toSeconds();
		}

	}

	/**
	 * The load of {@code long_running}: jobs of units, all due at once.
	 *
	 * @param jobs the jobs of each variant
	 * @param units the units of each job, at least
	 * {@value BenchmarkApplication.UnitsHandler#STEPS}
	 * @param unit how long each unit takes
	 * @param threads {@code spring.taskflow.worker.threads} of the node that runs them
	 */
	record LongRunningLoad(int jobs, int units, Duration unit, int threads) {

		LongRunningLoad {
			Assert.isTrue(units >= BenchmarkApplication.UnitsHandler.STEPS,
					() -> "'units' must be at least " + BenchmarkApplication.UnitsHandler.STEPS);
		}

	}

}
