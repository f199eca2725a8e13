package dev.taskflow.test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.util.Assert;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;

/**
 * A steady load of jobs for an application test: enqueue jobs at a rate for a while, wait
 * until every one of them finished, and report how long they waited and ran.
 *
 * <pre class="code">
 * TaskFlowLoad.Result result = TaskFlowLoad.enqueue(() -&gt; JobRequest.of("email.send", mail))
 *         .rate(200)
 *         .duration(Duration.ofMinutes(1))
 *         .run(taskFlow);
 * logger.info(result);
 * assertThat(result.failed()).isZero();
 * assertThat(result.waitTime().p99()).isLessThan(Duration.ofSeconds(1));
 * </pre>
 * <p>
 * The jobs are enqueued one by one from one thread, evenly spaced ({@link RatePacer}),
 * through the given {@link TaskFlow}; they run on whatever workers the application has.
 * Their times are read from the jobs as stored (the database's clock), through the public
 * API, by id. Immutable: each method returns a changed copy.
 *
 * @author TaskFlow
 */
public final class TaskFlowLoad {

	/**
	 * How much longer than the enqueueing a run may take unless
	 * {@link #awaitAtMost(Duration)} says otherwise.
	 */
	public static final Duration DEFAULT_EXTRA_WAIT = Duration.ofMinutes(1);

	private final Supplier<JobRequest> requests;

	private final Double rate;

	private final Duration duration;

	private final Duration awaitAtMost;

	private TaskFlowLoad(Supplier<JobRequest> requests, Double rate, Duration duration, Duration awaitAtMost) {
		this.requests = requests;
		this.rate = rate;
		this.duration = duration;
		this.awaitAtMost = awaitAtMost;
	}

	/**
	 * A load of the jobs the supplier makes, one call per job (from the thread that
	 * enqueues them). Set its {@link #rate(double) rate} and {@link #duration(Duration)
	 * duration} before it {@link #run(TaskFlow) runs}.
	 * @param requests makes the request of each job; must not return {@code null}
	 * @return the load
	 * @throws IllegalArgumentException if the supplier is {@code null}
	 */
	public static TaskFlowLoad enqueue(Supplier<JobRequest> requests) {
		Assert.notNull(requests, "'requests' must not be null: pass a supplier of the JobRequest of each job");
		return new TaskFlowLoad(requests, null, null, null);
	}

	/**
	 * Enqueue this many jobs per second, evenly spaced.
	 * @param jobsPerSecond the rate, greater than 0
	 * @return the changed load
	 * @throws IllegalArgumentException if the rate is not greater than 0
	 */
	public TaskFlowLoad rate(double jobsPerSecond) {
		Assert.isTrue(jobsPerSecond > 0 && Double.isFinite(jobsPerSecond),
				() -> "'rate' must be greater than 0 jobs per second, was " + jobsPerSecond);
		return new TaskFlowLoad(this.requests, jobsPerSecond, this.duration, this.awaitAtMost);
	}

	/**
	 * Enqueue for this long: {@code rate × duration} jobs, the first at once.
	 * @param duration how long, greater than 0
	 * @return the changed load
	 * @throws IllegalArgumentException if the duration is {@code null}, zero or negative
	 */
	public TaskFlowLoad duration(Duration duration) {
		Assert.notNull(duration, "'duration' must not be null");
		Assert.isTrue(!duration.isNegative() && !duration.isZero(),
				() -> "'duration' must be greater than 0, was " + duration);
		return new TaskFlowLoad(this.requests, this.rate, duration, this.awaitAtMost);
	}

	/**
	 * The longest a run may take, enqueueing included, before it gives up waiting for its
	 * jobs to finish. Unless set, the duration plus {@link #DEFAULT_EXTRA_WAIT one
	 * minute}.
	 * @param timeout the longest time, longer than the duration
	 * @return the changed load
	 * @throws IllegalArgumentException if the timeout is {@code null}, zero or negative
	 */
	public TaskFlowLoad awaitAtMost(Duration timeout) {
		Assert.notNull(timeout, "'awaitAtMost' must not be null");
		Assert.isTrue(!timeout.isNegative() && !timeout.isZero(),
				() -> "'awaitAtMost' must be greater than 0, was " + timeout);
		return new TaskFlowLoad(this.requests, this.rate, this.duration, timeout);
	}

	/**
	 * Enqueue the jobs, wait until every one is final ({@code SUCCEEDED}, {@code FAILED}
	 * or {@code CANCELLED}) and measure them. Blocks for the duration and then until the
	 * last job finished. A job that fails is counted when its last attempt failed, and is
	 * measured by that attempt.
	 * @param taskFlow the TaskFlow to enqueue through and read the jobs from
	 * @return what the jobs did
	 * @throws IllegalStateException if the rate or the duration is not set, the
	 * {@link #awaitAtMost(Duration) timeout} is not longer than the duration, or jobs
	 * were still unfinished when it passed (the message says how many, by status)
	 * @throws IllegalArgumentException if the supplier returned {@code null}; the jobs
	 * enqueued before are left as they are
	 */
	public Result run(TaskFlow taskFlow) {
		Assert.notNull(taskFlow, "'taskFlow' must not be null");
		Assert.state(this.rate != null, "The load has no rate: set one with rate(jobsPerSecond) before run");
		Assert.state(this.duration != null, "The load has no duration: set one with duration(Duration) before run");
		Duration timeout = (this.awaitAtMost != null) ? this.awaitAtMost : this.duration.plus(DEFAULT_EXTRA_WAIT);
		Assert.state(timeout.compareTo(this.duration) > 0, () -> "awaitAtMost (" + timeout
				+ ") must be longer than the duration (" + this.duration + "): it includes the time spent enqueueing");
		int count = jobs();
		long deadline = System.nanoTime() + timeout.toNanos();
		TaskFlowLoadProducer producer = new TaskFlowLoadProducer(taskFlow, this.requests, count);
		try {
			RatePacer.perSecond(this.rate).run(count, producer::enqueueNext);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while enqueueing the load's jobs", ex);
		}
		List<JobView> finished = new TaskFlowLoadAwaiter(taskFlow.jobs()).await(producer.ids(), deadline, timeout);
		return Result.of(count, producer.achievedRate(), finished);
	}

	// the calls a fixed-rate schedule makes before the duration ends: at 0, 1/rate, ...
	// (less a hair: 0.1 per second for 30 s is 3.0000000000000004 in doubles)
	private int jobs() {
		double jobs = Math.ceil(this.rate * this.duration.toNanos() / 1e9 - 1e-9);
		Assert.state(jobs >= 1, () -> "A rate of " + this.rate + " per second for " + this.duration
				+ " enqueues no job: raise the rate or the duration");
		Assert.state(jobs <= Integer.MAX_VALUE,
				() -> "A rate of " + this.rate + " per second for " + this.duration + " makes too many jobs");
		return (int) jobs;
	}

	/**
	 * What the jobs of a {@link TaskFlowLoad} run did. Counts are of distinct jobs: a
	 * request whose {@link JobRequest#uniqueKey(String) unique key} an active job held
	 * counts once, as that job. Times are from the database's clock; a job retried is
	 * measured by its last attempt.
	 *
	 * @param enqueued the jobs enqueued (the calls of {@code enqueue})
	 * @param succeeded the jobs that ended {@link JobStatus#SUCCEEDED}
	 * @param failed the jobs that ended {@link JobStatus#FAILED}, attempts exhausted
	 * @param cancelled the jobs that ended {@link JobStatus#CANCELLED}
	 * @param enqueueRate the rate achieved, in jobs per second: the time between the
	 * first and the last {@code enqueue} call over the calls in between; {@code NaN} for
	 * a single job
	 * @param throughput finished jobs per second: the jobs that ran, over the time from
	 * the first start to the last finish; {@code NaN} when none ran
	 * @param waitTime how long each job waited to start once due: {@code startedAt −
	 * runAt}, 0 for a job that a node with a free thread started as it was enqueued
	 * @param runTime how long each job ran: {@code finishedAt − startedAt}
	 */
	public record Result(int enqueued, int succeeded, int failed, int cancelled, double enqueueRate, double throughput,
			Percentiles waitTime, Percentiles runTime) {

		static Result of(int enqueued, double enqueueRate, List<JobView> jobs) {
			Map<JobStatus, Integer> byStatus = new EnumMap<>(JobStatus.class);
			List<Duration> waits = new ArrayList<>(jobs.size());
			List<Duration> runs = new ArrayList<>(jobs.size());
			Instant firstStart = null;
			Instant lastFinish = null;
			for (JobView job : jobs) {
				byStatus.merge(job.status(), 1, Integer::sum);
				if (job.startedAt() == null) {
					// cancelled before it ran
					continue;
				}
				waits.add(Duration.between(job.runAt(), job.startedAt()));
				if (job.finishedAt() != null) {
					runs.add(Duration.between(job.startedAt(), job.finishedAt()));
					firstStart = (firstStart == null || job.startedAt().isBefore(firstStart)) ? job.startedAt()
							: firstStart;
					lastFinish = (lastFinish == null || job.finishedAt().isAfter(lastFinish)) ? job.finishedAt()
							: lastFinish;
				}
			}
			double seconds = (firstStart != null) ? Duration.between(firstStart, lastFinish).toNanos() / 1e9 : 0;
			double throughput = (seconds > 0) ? runs.size() / seconds : Double.NaN;
			return new Result(enqueued, byStatus.getOrDefault(JobStatus.SUCCEEDED, 0),
					byStatus.getOrDefault(JobStatus.FAILED, 0), byStatus.getOrDefault(JobStatus.CANCELLED, 0),
					enqueueRate, throughput, Percentiles.of(waits), Percentiles.of(runs));
		}

		/**
		 * A summary to log, such as: <pre>
		 * 100 jobs enqueued at 50.0/s: 98 succeeded, 2 failed; 49.8 jobs/s from first start to last finish
		 *   wait (started - due): p50 3.1 ms, p95 9.8 ms, p99 14.0 ms, max 15.2 ms
		 *   run (finished - started): p50 1.0 ms, p95 2.3 ms, p99 4.1 ms, max 4.5 ms</pre>
		 */
		@Override
		public String toString() {
			return String.format(Locale.ROOT,
					"%d jobs enqueued at %.1f/s: %d succeeded, %d failed%s; %.1f jobs/s from first start to last"
							+ " finish\n  wait (started - due): %s\n  run (finished - started): %s",
					this.enqueued, this.enqueueRate, this.succeeded, this.failed,
					(this.cancelled > 0) ? ", " + this.cancelled + " cancelled" : "", this.throughput, this.waitTime,
					this.runTime);
		}

	}

}
