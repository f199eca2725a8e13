package dev.taskflow.benchmarks.peers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.CurrentlyExecuting;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;

/**
 * db-scheduler as a plain library: one one-time task that does nothing, in its
 * {@code scheduled_tasks} table in a database of its own.
 * <p>
 * Tuned as its documentation advises for throughput: the {@code lock-and-fetch} polling
 * strategy (one {@code SELECT ... FOR UPDATE SKIP LOCKED} that claims, instead of a fetch
 * plus one update per execution) with {@code 1.0, 4.0}, the "high throughput" fractions
 * of the README; immediate execution, so that a local {@code schedule} wakes the
 * scheduler; a polling interval of 1 s, TaskFlow's default, instead of db-scheduler's 10
 * s ({@code -Dtaskflow.bench.peers.db-scheduler.polling-interval=...} changes it).
 * Executions are scheduled with {@code scheduleIfNotExists}, the call every single
 * {@code schedule} variant goes through, and {@code scheduleBatch}, a JDBC batch insert.
 *
 * @author TaskFlow
 */
final class DbSchedulerContender implements Contender {

	static final String NAME = "db-scheduler";

	/** {@code SchedulerBuilder.executorThreads}. */
	static final int DEFAULT_THREADS = 10;

	static final Duration POLLING_INTERVAL = PeerSupport.duration("taskflow.bench.peers.db-scheduler.polling-interval",
			Duration.ofSeconds(1));

	static final double LOWER_LIMIT_FRACTION_OF_THREADS = 1.0;

	static final double UPPER_LIMIT_FRACTION_OF_THREADS = 4.0;

	static final OneTimeTask<Void> NOOP = Tasks.oneTime("bench-noop").execute((instance, context) -> {
	});

	// db-scheduler leaves the table to the application: its PostgreSQL DDL
	// (db-scheduler/src/test/resources/postgresql_tables.sql, the same in 16.12.0)
	private static final String SCHEMA = """
			CREATE TABLE scheduled_tasks (
			  task_name TEXT NOT NULL,
			  task_instance TEXT NOT NULL,
			  task_data BYTEA,
			  execution_time TIMESTAMP WITH TIME ZONE NOT NULL,
			  picked BOOLEAN NOT NULL,
			  picked_by TEXT,
			  last_success TIMESTAMP WITH TIME ZONE,
			  last_failure TIMESTAMP WITH TIME ZONE,
			  consecutive_failures INT,
			  last_heartbeat TIMESTAMP WITH TIME ZONE,
			  version BIGINT NOT NULL,
			  priority SMALLINT,
			  PRIMARY KEY (task_name, task_instance)
			);
			CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
			CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
			CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
			""";

	private final PeerDatabase database;

	private final Workload workload;

	private DbSchedulerContender(PeerDatabase database, Workload workload) {
		this.database = database;
		this.workload = workload;
	}

	static DbSchedulerContender create(Server server, Workload workload) throws Exception {
		PeerDatabase database = PeerDatabase.create(server, NAME);
		database.execute(SCHEMA);
		return new DbSchedulerContender(database, workload);
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public int defaultThreads() {
		return DEFAULT_THREADS;
	}

	@Override
	public String settings() {
		return "polling lock-and-fetch(" + LOWER_LIMIT_FRACTION_OF_THREADS + ", " + UPPER_LIMIT_FRACTION_OF_THREADS
				+ "), pollingInterval " + POLLING_INTERVAL + ", enableImmediateExecution, threads " + DEFAULT_THREADS
				+ " (default), heartbeat and serializer defaults; HikariCP defaults (10 connections)";
	}

	@Override
	public Map<String, Double> enqueueSingle() throws Exception {
		clear();
		try (HikariDataSource pool = this.database.pool()) {
			SchedulerClient client = SchedulerClient.Builder.create(pool, NOOP).build();
			CpuTime cpu = CpuTime.now();
			long start = System.nanoTime();
			for (int i = 0; i < this.workload.enqueueJobs(); i++) {
				client.scheduleIfNotExists(NOOP.instance(UUID.randomUUID().toString()), Instant.now());
			}
			return cpu.addTo(Map.of("jobs_per_s", this.workload.enqueueJobs() / ((System.nanoTime() - start) / 1e9)),
					this.workload.enqueueJobs());
		}
	}

	@Override
	public Map<String, Double> enqueueBatch() throws Exception {
		clear();
		try (HikariDataSource pool = this.database.pool()) {
			SchedulerClient client = SchedulerClient.Builder.create(pool, NOOP).build();
			int batches = this.workload.enqueueJobs() / this.workload.batchSize();
			CpuTime cpu = CpuTime.now();
			long start = System.nanoTime();
			for (int b = 0; b < batches; b++) {
				client.scheduleBatch(batch(), Instant.now());
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			return cpu.addTo(Map.of("jobs_per_s", batches * this.workload.batchSize() / seconds),
					batches * this.workload.batchSize());
		}
	}

	@Override
	public Map<String, Double> drain(int threads) throws Exception {
		clear();
		try (HikariDataSource pool = this.database.pool()) {
			SchedulerClient client = SchedulerClient.Builder.create(pool, NOOP).build();
			for (int b = 0; b < this.workload.drainJobs() / this.workload.batchSize(); b++) {
				client.scheduleBatch(batch(), Instant.now());
			}
			Timings timings = new Timings();
			CpuTime cpu = CpuTime.now();
			Scheduler scheduler = startScheduler(pool, threads, timings);
			try {
				timings.awaitCompleted(this.workload.drainJobs());
				return cpu.addTo(timings.drain(), this.workload.drainJobs());
			}
			finally {
				scheduler.stop();
			}
		}
	}

	@Override
	public Map<String, Double> endToEndLatency(boolean acrossNodes) throws Exception {
		clear();
		try (HikariDataSource pool = this.database.pool()) {
			if (acrossNodes) {
				SchedulerClient client = SchedulerClient.Builder.create(pool, NOOP).build();
				try (PeerJvm consumer = PeerJvm.start(NAME, this.database)) {
					PeerSupport.produceAtRate(this.workload, () -> client
						.scheduleIfNotExists(NOOP.instance(UUID.randomUUID().toString()), Instant.now()));
					// a finished one-time execution is deleted
					PeerJvm.await(() -> this.database.count("SELECT COUNT(*) FROM scheduled_tasks") == 0);
					return consumer.finish();
				}
			}
			Timings timings = new Timings();
			Scheduler scheduler = startScheduler(pool, DEFAULT_THREADS, timings);
			try {
				PeerSupport.sleep(PeerSupport.SETTLE);
				PeerSupport.produceAtRate(this.workload, () -> scheduler
					.scheduleIfNotExists(NOOP.instance(UUID.randomUUID().toString()), Instant.now()));
				timings.awaitCompleted(this.workload.latencyJobs());
				return timings.latency();
			}
			finally {
				scheduler.stop();
			}
		}
	}

	/**
	 * Starts a scheduler that reports to {@code timings}: the claim is the instant
	 * {@code lock-and-fetch} wrote into {@code last_heartbeat} when it picked the
	 * execution, the enqueue its {@code execution_time} (the instant given to
	 * {@code schedule}), and {@code onExecutionComplete} comes after the completion (the
	 * row's delete) returned.
	 */
	static Scheduler startScheduler(DataSource dataSource, int threads, Timings timings) {
		Scheduler scheduler = Scheduler.create(dataSource, NOOP)
			.threads(threads)
			.pollUsingLockAndFetch(LOWER_LIMIT_FRACTION_OF_THREADS, UPPER_LIMIT_FRACTION_OF_THREADS)
			.pollingInterval(POLLING_INTERVAL)
			.enableImmediateExecution()
			.addSchedulerListener(new AbstractSchedulerListener() {

				@Override
				public void onExecutionStart(CurrentlyExecuting currentlyExecuting) {
					Execution execution = currentlyExecuting.getExecution();
					timings.claimed(execution.executionTime, execution.lastHeartbeat);
				}

				@Override
				public void onExecutionComplete(ExecutionComplete executionComplete) {
					timings.completed(Instant.now());
				}

			})
			.build();
		scheduler.start();
		return scheduler;
	}

	// a new instance id per job, as TaskFlow gives each job a new id
	private List<TaskInstance<?>> batch() {
		List<TaskInstance<?>> batch = new ArrayList<>(this.workload.batchSize());
		for (int i = 0; i < this.workload.batchSize(); i++) {
			batch.add(NOOP.instance(UUID.randomUUID().toString()));
		}
		return batch;
	}

	private void clear() throws Exception {
		this.database.execute("TRUNCATE scheduled_tasks");
	}

	@Override
	public void close() throws Exception {
		this.database.close();
	}

}
