package dev.taskflow.statistics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.Assert;

import dev.taskflow.JobEvent;
import dev.taskflow.TaskFlowListener;
import dev.taskflow.engine.WorkerNode;
import dev.taskflow.store.StatisticsRow;
import dev.taskflow.store.StatisticsStore;

/**
 * Counts this node's jobs per minute, queue and handler, as a listener, and writes each
 * minute's counts to {@code taskflow_statistics} once it is over, for
 * {@code taskFlow.statistics()}: enqueued, succeeded, failed, retried and cancelled, and
 * histograms of the wait and run times of the attempts that ended. A rescue counts as a
 * retry, or as a failure when it failed the job.
 * <p>
 * Counting costs each event an increment in memory, never a statement. A writer thread of
 * its own ({@code taskflow-statistics}) wakes every {@link #WRITE_INTERVAL}, writes the
 * minutes over for a few seconds in one INSERT (nothing when nothing happened), and once
 * an hour deletes the rows older than the retention. Minutes follow the given clock. When
 * the node stops, after its worker (so that the outcomes the worker writes while stopping
 * are counted), everything counted is written, the current minute included.
 *
 * @author TaskFlow
 */
public final class StatisticsRecorder implements TaskFlowListener, SmartLifecycle, Ordered {

	/**
	 * How often the writer thread wakes.
	 */
	public static final Duration WRITE_INTERVAL = Duration.ofSeconds(10);

	/**
	 * How long statistics are kept unless told otherwise: 8 days, so that a chart of the
	 * last 7 days is whole.
	 */
	public static final Duration DEFAULT_RETENTION = Duration.ofDays(8);

	private static final Log logger = LogFactory.getLog(StatisticsRecorder.class);

	private final MinuteCounts counts = new MinuteCounts();

	private final StatisticsWriter writer;

	private final Clock clock;

	private ThreadPoolTaskScheduler scheduler;

	/**
	 * Create a recorder that writes to TaskFlow's statistics table.
	 * @param store the statistics table
	 * @param nodeId supplies this node's id, asked once, at the first write
	 * @param clock the clock whose minutes the counts follow
	 * @param retention how long rows are kept, at least a minute
	 * @return the recorder
	 */
	public static StatisticsRecorder of(StatisticsStore store, Supplier<String> nodeId, Clock clock,
			Duration retention) {
		Assert.notNull(store, "'store' must not be null");
		return new StatisticsRecorder(new StoreTarget(store), nodeId, clock, retention);
	}

	StatisticsRecorder(StatisticsTarget target, Supplier<String> nodeId, Clock clock, Duration retention) {
		Assert.notNull(nodeId, "'nodeId' must not be null");
		Assert.notNull(clock, "'clock' must not be null");
		Assert.isTrue(retention != null && retention.compareTo(Duration.ofMinutes(1)) >= 0,
				() -> "spring.taskflow.statistics.retention must be at least 1m, was " + retention);
		this.clock = clock;
		this.writer = new StatisticsWriter(this.counts, target, nodeId, clock, retention);
	}

	@Override
	public void enqueued(JobEvent event) {
		counts(event).enqueued();
	}

	@Override
	public void succeeded(JobEvent event) {
		counts(event).succeeded(event.waitTime(), event.duration());
	}

	@Override
	public void retryScheduled(JobEvent event, Duration delay, Throwable exception) {
		counts(event).retried(event.waitTime(), event.duration());
	}

	@Override
	public void failed(JobEvent event, Throwable exception) {
		counts(event).failed(event.waitTime(), event.duration());
	}

	@Override
	public void cancelled(JobEvent event) {
		counts(event).cancelled();
	}

	// the attempt was cut short: no time of it to count
	@Override
	public void rescued(JobEvent event, boolean failed) {
		if (failed) {
			counts(event).failed(null, null);
		}
		else {
			counts(event).retried(null, null);
		}
	}

	// first among the listeners: an event is counted in the minute it was told, however
	// long the application's own listeners take
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private MinuteCounts.Counts counts(JobEvent event) {
		// millis(): no Instant made per event
		return this.counts.of(MinuteCounts.minuteOf(this.clock.millis()), event.queue(), event.handler());
	}

	@Override
	public synchronized void start() {
		if (this.scheduler != null) {
			return;
		}
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("taskflow-statistics-");
		scheduler.setDaemon(true);
		// a write in progress finishes before the last one, made by stop()
		scheduler.setWaitForTasksToCompleteOnShutdown(true);
		scheduler.setAwaitTerminationSeconds(10);
		scheduler.initialize();
		scheduler.scheduleWithFixedDelay(this::writeClosedMinutes, WRITE_INTERVAL);
		this.scheduler = scheduler;
	}

	@Override
	public void stop() {
		ThreadPoolTaskScheduler scheduler;
		synchronized (this) {
			scheduler = this.scheduler;
			this.scheduler = null;
		}
		if (scheduler != null) {
			scheduler.shutdown();
			this.writer.writeAll();
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	// stops after the worker node: the outcomes it writes while stopping are counted,
	// and written here; before the data source goes, with the context's beans
	@Override
	public int getPhase() {
		return WorkerNode.PHASE - 1;
	}

	private void writeClosedMinutes() {
		try {
			this.writer.writeClosedMinutes();
		}
		catch (RuntimeException | Error ex) {
			// never out of the scheduled task, which would end its repetitions
			logger.warn("TaskFlow's statistics writer failed; it tries again in " + WRITE_INTERVAL.toSeconds() + "s",
					ex);
		}
	}

	/**
	 * Write the closed minutes now, on the writer thread when it runs, and wait for it:
	 * for tests, which move the clock past a minute rather than wait for it.
	 */
	void writeNow() {
		ThreadPoolTaskScheduler scheduler;
		synchronized (this) {
			scheduler = this.scheduler;
		}
		if (scheduler == null) {
			this.writer.writeClosedMinutes();
			return;
		}
		Future<?> write = scheduler.submit(this.writer::writeClosedMinutes);
		try {
			write.get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("The statistics write failed", ex);
		}
	}

	/**
	 * The statistics table as the writer's target.
	 */
	private record StoreTarget(StatisticsStore store) implements StatisticsTarget {

		@Override
		public void insert(String nodeId, List<StatisticsRow> rows) {
			this.store.insert(nodeId, rows);
		}

		@Override
		public Instant latestMinute(String nodeId, Instant since) {
			return this.store.latestMinute(nodeId, since);
		}

		@Override
		public int deleteBefore(Instant cutoff) {
			return this.store.deleteBefore(cutoff);
		}

	}

	/**
	 * The rows taken out of the counts and not written yet: for tests.
	 * @return the number of rows
	 */
	int pendingRows() {
		return this.writer.pendingRows();
	}

}
