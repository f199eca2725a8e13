package dev.taskflow.benchmarks.peers;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.configuration.JobRunrConfiguration;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.filters.ApplyStateFilter;
import org.jobrunr.jobs.states.JobState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.configuration.BackgroundJobServerThreadType;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson3.Jackson3JsonMapper;

/**
 * JobRunr OSS as a plain library (its fluent {@code JobRunr.configure()}, no Spring
 * starter): the PostgreSQL storage provider, which creates its tables in a database of
 * its own, and a static no-op job ({@link NoopJob}).
 * <p>
 * Tuned as far as JobRunr allows: a poll interval of 5 s, the smallest it accepts for a
 * SQL database (its default is 15 s); the worker count its default policy gives (8 per
 * core: 16 on 2 cores, platform threads before Java 21). A worker that finishes a job
 * looks for the next at once, so a backlog drains without waiting for the poll; JobRunr
 * OSS has no wake-up on enqueue, so a new job waits for the next poll or for a worker to
 * finish. Jobs are enqueued with {@code JobScheduler.enqueue(JobLambda)} and
 * {@code enqueue(Stream, JobLambdaFromStream)}, which saves a stream in JDBC batches.
 * JSON through Jackson 3, the mapper on the benchmark's class path.
 *
 * @author TaskFlow
 */
final class JobRunrContender implements Contender {

	static final String NAME = "JobRunr";

	static final Duration POLL_INTERVAL = PeerSupport.duration("taskflow.bench.peers.jobrunr.poll-interval",
			Duration.ofSeconds(5));

	private final PeerDatabase database;

	private final Workload workload;

	private JobRunrContender(PeerDatabase database, Workload workload) {
		this.database = database;
		this.workload = workload;
	}

	static JobRunrContender create(Server server, Workload workload) throws Exception {
		PeerDatabase database = PeerDatabase.create(server, NAME.toLowerCase(Locale.ROOT));
		// the storage provider creates JobRunr's tables
		try (HikariDataSource pool = database.pool()) {
			configure(pool, null).initialize();
			JobRunr.destroy();
		}
		return new JobRunrContender(database, workload);
	}

	static int defaultWorkerCount() {
		return BackgroundJobServerThreadType.getDefaultThreadType().getDefaultWorkerCount();
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public int defaultThreads() {
		return defaultWorkerCount();
	}

	@Override
	public String settings() {
		return "pollInterval " + POLL_INTERVAL + ", workers " + defaultWorkerCount() + " (default: "
				+ BackgroundJobServerThreadType.getDefaultThreadType() + ", 8 per core), PostgresStorageProvider,"
				+ " Jackson3JsonMapper, no dashboard; HikariCP defaults (10 connections)";
	}

	@Override
	public Map<String, Double> enqueueSingle() throws Exception {
		clear();
		try (HikariDataSource pool = this.database.pool()) {
			JobScheduler scheduler = configure(pool, null).initialize().getJobScheduler();
			try {
				CpuTime cpu = CpuTime.now();
				long start = System.nanoTime();
				for (int i = 0; i < this.workload.enqueueJobs(); i++) {
					scheduler.enqueue(() -> NoopJob.run());
				}
				return cpu.addTo(
						Map.of("jobs_per_s", this.workload.enqueueJobs() / ((System.nanoTime() - start) / 1e9)),
						this.workload.enqueueJobs());
			}
			finally {
				JobRunr.destroy();
			}
		}
	}

	@Override
	public Map<String, Double> enqueueBatch() throws Exception {
		clear();
		try (HikariDataSource pool = this.database.pool()) {
			JobScheduler scheduler = configure(pool, null).initialize().getJobScheduler();
			try {
				int batches = this.workload.enqueueJobs() / this.workload.batchSize();
				CpuTime cpu = CpuTime.now();
				long start = System.nanoTime();
				for (int b = 0; b < batches; b++) {
					enqueueBatch(scheduler);
				}
				double seconds = (System.nanoTime() - start) / 1e9;
				return cpu.addTo(Map.of("jobs_per_s", batches * this.workload.batchSize() / seconds),
						batches * this.workload.batchSize());
			}
			finally {
				JobRunr.destroy();
			}
		}
	}

	@Override
	public Map<String, Double> drain(int threads) throws Exception {
		clear();
		try (HikariDataSource pool = this.database.pool()) {
			JobScheduler producer = configure(pool, null).initialize().getJobScheduler();
			for (int b = 0; b < this.workload.drainJobs() / this.workload.batchSize(); b++) {
				enqueueBatch(producer);
			}
			JobRunr.destroy();
			Timings timings = new Timings();
			CpuTime cpu = CpuTime.now();
			configure(pool, timings).useBackgroundJobServer(server(threads)).initialize();
			try {
				timings.awaitCompleted(this.workload.drainJobs());
				return cpu.addTo(timings.drain(), this.workload.drainJobs());
			}
			finally {
				JobRunr.destroy();
			}
		}
	}

	@Override
	public Map<String, Double> endToEndLatency(boolean acrossNodes) throws Exception {
		clear();
		try (HikariDataSource pool = this.database.pool()) {
			if (acrossNodes) {
				JobScheduler producer = configure(pool, null).initialize().getJobScheduler();
				try (PeerJvm consumer = PeerJvm.start(NAME, this.database)) {
					PeerSupport.produceAtRate(this.workload, () -> producer.enqueue(() -> NoopJob.run()));
					PeerJvm.await(() -> this.database
						.count("SELECT COUNT(*) FROM jobrunr_jobs WHERE state = 'SUCCEEDED'") == this.workload
							.latencyJobs());
					return consumer.finish();
				}
				finally {
					JobRunr.destroy();
				}
			}
			Timings timings = new Timings();
			JobScheduler scheduler = configure(pool, timings).useBackgroundJobServer(server(defaultWorkerCount()))
				.initialize()
				.getJobScheduler();
			try {
				PeerSupport.sleep(PeerSupport.SETTLE);
				PeerSupport.produceAtRate(this.workload, () -> scheduler.enqueue(() -> NoopJob.run()));
				timings.awaitCompleted(this.workload.latencyJobs());
				return timings.latency();
			}
			finally {
				JobRunr.destroy();
			}
		}
	}

	/**
	 * Starts a background job server that reports to {@code timings}, for a node in a JVM
	 * of its own; stopped by {@code JobRunr.destroy()}.
	 */
	static AutoCloseable startServer(DataSource dataSource, Timings timings) {
		configure(dataSource, timings).useBackgroundJobServer(server(defaultWorkerCount())).initialize();
		return JobRunr::destroy;
	}

	private static JobRunrConfiguration configure(DataSource dataSource, Timings timings) {
		JobRunrConfiguration configuration = JobRunr.configure()
			.useJsonMapper(new Jackson3JsonMapper())
			.useStorageProvider(new PostgresStorageProvider(dataSource));
		return (timings != null) ? configuration.withJobFilter(new TimingFilter(timings)) : configuration;
	}

	private static BackgroundJobServerConfiguration server(int workers) {
		return BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
			.andPollInterval(POLL_INTERVAL)
			.andWorkerCount(workers);
	}

	private void enqueueBatch(JobScheduler scheduler) {
		scheduler.enqueue(IntStream.range(0, this.workload.batchSize()).boxed(), (i) -> NoopJob.run());
	}

	private void clear() throws Exception {
		this.database.execute("TRUNCATE jobrunr_jobs, jobrunr_recurring_jobs, jobrunr_backgroundjobservers");
	}

	@Override
	public void close() throws Exception {
		this.database.close();
	}

	/**
	 * Reports claims and completions: JobRunr calls {@code onStateApplied} after the
	 * state was saved. The claim is the {@code PROCESSING} state's own time, taken when
	 * the claiming transaction marks the jobs right after its locking select; the enqueue
	 * is the job's creation time.
	 */
	private static final class TimingFilter implements ApplyStateFilter {

		private final Timings timings;

		TimingFilter(Timings timings) {
			this.timings = timings;
		}

		@Override
		public void onStateApplied(Job job, JobState oldState, JobState newState) {
			if (newState.getName() == StateName.PROCESSING) {
				this.timings.claimed(job.getCreatedAt(), newState.getCreatedAt());
			}
			else if (newState.getName() == StateName.SUCCEEDED) {
				this.timings.completed(Instant.now());
			}
		}

	}

}
