package dev.taskflow.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.taskflow.store.QueueStatistics;

/**
 * The gauges {@code taskflow.queue.depth} and {@code taskflow.queue.oldest.age} (seconds
 * since the oldest job was due) by {@code queue} and {@code status}, and
 * {@code taskflow.workers.busy} of this node.
 * <p>
 * Queue gauges cost the database one grouped query per refresh interval on each node,
 * however often they are scraped: a scrape reads the values of the last refresh. A queue
 * and status seen for the first time get their gauges then; one that has no active jobs
 * any more reads zero for {@link #KEEP_AT_ZERO five minutes} (so that a scrape sees it
 * drop to zero rather than a series that stops at its last value), then its gauges are
 * removed, so queues named per tenant or per day do not pile up gauges for ever.
 *
 * @author TaskFlow
 */
public class TaskFlowGauges implements SmartLifecycle {

	/**
	 * The gauge of active jobs by queue and status.
	 */
	public static final String QUEUE_DEPTH = "taskflow.queue.depth";

	/**
	 * The gauge of the age of the oldest active job by queue and status.
	 */
	public static final String QUEUE_OLDEST_AGE = "taskflow.queue.oldest.age";

	/**
	 * The gauge of this node's busy worker threads.
	 */
	public static final String WORKERS_BUSY = "taskflow.workers.busy";

	/**
	 * The threads of each queue's own pool on this node (tag {@code queue}); those of a
	 * scaling queue change with its due jobs.
	 */
	public static final String QUEUE_THREADS = "taskflow.queue.threads";

	/**
	 * How long the gauges of a queue and status without active jobs read zero before they
	 * are removed.
	 */
	static final Duration KEEP_AT_ZERO = Duration.ofMinutes(5);

	private static final Log logger = LogFactory.getLog(TaskFlowGauges.class);

	private final Supplier<MeterRegistry> registry;

	private final Supplier<List<QueueStatistics>> statistics;

	private final IntSupplier busyWorkers;

	private final Supplier<Map<String, Integer>> queueThreads;

	private final Duration refreshInterval;

	private final long refreshesAtZero;

	private final Map<QueueStatus, Level> levels = new ConcurrentHashMap<>();

	private MeterRegistry boundTo;

	private QueueGauges queueGauges;

	private ThreadPoolTaskScheduler refresher;

	/**
	 * Create the gauges.
	 * @param registry supplies the registry, or {@code null} while there is none
	 * @param statistics reads the queue statistics from the database
	 * @param busyWorkers this node's busy worker threads
	 * @param refreshInterval how often the queue statistics are read
	 */
	public TaskFlowGauges(Supplier<MeterRegistry> registry, Supplier<List<QueueStatistics>> statistics,
			IntSupplier busyWorkers, Duration refreshInterval) {
		this(registry, statistics, busyWorkers, Map::of, refreshInterval);
	}

	/**
	 * Create the gauges.
	 * @param registry supplies the registry, or {@code null} while there is none
	 * @param statistics reads the queue statistics from the database
	 * @param busyWorkers this node's busy worker threads
	 * @param queueThreads the threads of each queue's own pool on this node
	 * @param refreshInterval how often the queue statistics are read
	 */
	public TaskFlowGauges(Supplier<MeterRegistry> registry, Supplier<List<QueueStatistics>> statistics,
			IntSupplier busyWorkers, Supplier<Map<String, Integer>> queueThreads, Duration refreshInterval) {
		this.queueThreads = queueThreads;
		this.registry = registry;
		this.statistics = statistics;
		this.busyWorkers = busyWorkers;
		this.refreshInterval = refreshInterval;
		long interval = Math.max(1, refreshInterval.toMillis());
		this.refreshesAtZero = Math.max(1, (KEEP_AT_ZERO.toMillis() + interval - 1) / interval);
	}

	@Override
	public synchronized void start() {
		if (this.refresher != null) {
			return;
		}
		ThreadPoolTaskScheduler refresher = new ThreadPoolTaskScheduler();
		refresher.setThreadNamePrefix("taskflow-metrics-");
		refresher.setDaemon(true);
		refresher.initialize();
		// the first refresh at once, then one interval after each
		refresher.scheduleWithFixedDelay(this::refresh,
				Duration.ofMillis(Math.max(1, this.refreshInterval.toMillis())));
		this.refresher = refresher;
	}

	@Override
	public synchronized void stop() {
		if (this.refresher != null) {
			this.refresher.shutdown();
			this.refresher = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.refresher != null;
	}

	/**
	 * Read the queue statistics now and update the gauges.
	 */
	void refresh() {
		MeterRegistry meters = this.registry.get();
		if (meters == null) {
			return;
		}
		QueueGauges gauges = bind(meters);
		// read live: a scaling pool changes between refreshes
		gauges.threads()
			.register(this.queueThreads.get()
				.keySet()
				.stream()
				.map((queue) -> MultiGauge.Row.of(Tags.of("queue", queue),
						() -> this.queueThreads.get().getOrDefault(queue, 0)))
				.toList(), true);
		List<QueueStatistics> current;
		try {
			current = this.statistics.get();
		}
		catch (RuntimeException ex) {
			// the gauges keep their last values; the engine reports the database's state
			logger.debug("TaskFlow could not read queue statistics for its gauges", ex);
			return;
		}
		Set<QueueStatus> seen = new HashSet<>();
		for (QueueStatistics statistic : current) {
			QueueStatus key = new QueueStatus(statistic.queue(), statistic.status());
			seen.add(key);
			this.levels.computeIfAbsent(key, (added) -> new Level())
				.set(statistic.count(), Math.max(0, statistic.oldestAge().toMillis()) / 1000.0);
		}
		this.levels.entrySet()
			.removeIf((entry) -> !seen.contains(entry.getKey()) && entry.getValue().idle() > this.refreshesAtZero);
		// a row per level kept: each multi-gauge adds a gauge for a row new to it and
		// removes the gauges of rows no longer listed; the others stay as they are
		gauges.depth().register(rows(Level::count), false);
		gauges.oldestAge().register(rows(Level::oldestAgeSeconds), false);
	}

	private List<MultiGauge.Row<Level>> rows(ToDoubleFunction<Level> value) {
		List<MultiGauge.Row<Level>> rows = new ArrayList<>(this.levels.size());
		this.levels.forEach((key, level) -> rows
			.add(MultiGauge.Row.of(Tags.of("queue", key.queue(), "status", key.status()), level, value)));
		return rows;
	}

	private synchronized QueueGauges bind(MeterRegistry meters) {
		if (this.boundTo != meters) {
			this.boundTo = meters;
			this.levels.clear();
			Gauge.builder(WORKERS_BUSY, this.busyWorkers, IntSupplier::getAsInt)
				.description("Worker threads of this node running a job")
				.strongReference(true)
				.register(meters);
			MultiGauge depth = MultiGauge.builder(QUEUE_DEPTH)
				.description("Active jobs by queue and status, as of the last refresh")
				.register(meters);
			MultiGauge oldestAge = MultiGauge.builder(QUEUE_OLDEST_AGE)
				.description("Time since the oldest active job of a queue and status was due, as of the last refresh")
				.baseUnit("seconds")
				.register(meters);
			MultiGauge threads = MultiGauge.builder(QUEUE_THREADS)
				.description("Worker threads of each queue's own pool on this node")
				.register(meters);
			this.queueGauges = new QueueGauges(depth, oldestAge, threads);
		}
		return this.queueGauges;
	}

	private record QueueStatus(String queue, String status) {
	}

	/**
	 * The queue gauges of one registry, by queue and status.
	 */
	private record QueueGauges(MultiGauge depth, MultiGauge oldestAge, MultiGauge threads) {
	}

	private static final class Level {

		private volatile double count;

		private volatile double oldestAgeSeconds;

		// refreshes in a row without active jobs; only the refresher thread counts
		private int idleRefreshes;

		void set(long count, double oldestAgeSeconds) {
			this.count = count;
			this.oldestAgeSeconds = oldestAgeSeconds;
			this.idleRefreshes = 0;
		}

		/**
		 * Read zero for a refresh without active jobs.
		 * @return the refreshes in a row without active jobs, this one included
		 */
		int idle() {
			this.count = 0;
			this.oldestAgeSeconds = 0;
			return ++this.idleRefreshes;
		}

		double count() {
			return this.count;
		}

		double oldestAgeSeconds() {
			return this.oldestAgeSeconds;
		}

	}

}
