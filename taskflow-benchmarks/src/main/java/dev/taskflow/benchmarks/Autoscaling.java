package dev.taskflow.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

import dev.taskflow.JobRequest;
import dev.taskflow.benchmarks.BenchmarkApplication.SleepHandler;
import dev.taskflow.engine.WorkerNode;

/**
 * {@code autoscaling} (issue 18): how fast a queue's pool that scales
 * ({@code spring.taskflow.queues.bench-burst.threads.min} and {@code .max}) reacts to a
 * burst, against fixed pools of its min and of its max. For each variant in turn, on a
 * node of its own that runs nothing but the queue: the node starts and idles, then
 * another node (in this JVM, enqueue-only) enqueues the whole burst in one
 * {@code enqueueAll}, jobs that each sleep a fixed time. The pool's size is read every
 * {@link Load#sample()} from the node ({@link WorkerNode#queueThreads()}, what the gauge
 * {@code taskflow.queue.threads} and the node's heartbeat report), from before the burst
 * until the pool is back at its min. Times are on this JVM's clock from the instant
 * {@code enqueueAll} returned (the burst's commit): to the first growth and to the max as
 * the sampler first saw them (so up to one sample late), to the end of the last job's
 * handler (the drain), and from that to the pool back at its min.
 *
 * @author TaskFlow
 */
final class Autoscaling {

	static final String QUEUE = "bench-burst";

	private static final Map<String, String> ENQUEUE_ONLY = Map.of("spring.taskflow.worker.enabled", "false");

	private final BenchDatabase database;

	private final Load load;

	private final Consumer<String> timelines;

	private final JdbcTemplate jdbc;

	Autoscaling(BenchDatabase database, Load load, Consumer<String> timelines) {
		this.database = database;
		this.load = load;
		this.timelines = timelines;
		this.jdbc = database.jdbc();
	}

	/**
	 * One run: the scaling pool, then the fixed pools of its min and its max.
	 * @return the figures by variant
	 */
	Map<String, Map<String, Double>> run() throws Exception {
		Load load = this.load;
		List<JobRequest> burst = new ArrayList<>(load.jobs());
		for (int i = 0; i < load.jobs(); i++) {
			burst.add(JobRequest.of(BenchmarkApplication.SLEEP, (int) load.jobTime().toMillis()).queue(QUEUE));
		}
		String prefix = "spring.taskflow.queues." + QUEUE + ".";
		Map<String, String> scaling = new LinkedHashMap<>();
		scaling.put(prefix + "threads.min", String.valueOf(load.min()));
		scaling.put(prefix + "threads.max", String.valueOf(load.max()));
		scaling.put(prefix + "scale-up-threshold", String.valueOf(load.scaleUpThreshold()));
		scaling.put(prefix + "scale-up-cooldown", load.scaleUpCooldown().toMillis() + "ms");
		scaling.put(prefix + "scale-down-cooldown", load.scaleDownCooldown().toMillis() + "ms");
		// all scaling pools of a node together stop at the connection pool's size less
		// the 4 connections TaskFlow keeps for itself: room for max
		scaling.put("spring.datasource.hikari.maximum-pool-size", String.valueOf(Math.max(10, load.max() + 4)));
		Map<String, Map<String, Double>> result = new LinkedHashMap<>();
		try (Node producer = Node.start(this.database, ENQUEUE_ONLY)) {
			Map<String, Double> scaled = burst(producer, burst, load.scalingLabel(), scaling, true);
			Map<String, Double> fixedMin = burst(producer, burst, "fixed " + load.min(),
					Map.of(prefix + "threads", String.valueOf(load.min())), false);
			Map<String, Double> fixedMax = burst(producer, burst, "fixed " + load.max(),
					Map.of(prefix + "threads", String.valueOf(load.max())), false);
			scaled.put("drain_over_fixed_max_ratio", scaled.get("drain_ms") / fixedMax.get("drain_ms"));
			scaled.put("drain_over_fixed_min_ratio", scaled.get("drain_ms") / fixedMin.get("drain_ms"));
			result.put(load.scalingLabel(), scaled);
			result.put("fixed " + load.min(), fixedMin);
			result.put("fixed " + load.max(), fixedMax);
		}
		this.database.clearJobs();
		return result;
	}

	private Map<String, Double> burst(Node producer, List<JobRequest> burst, String variant,
			Map<String, String> queueSettings, boolean scales) throws Exception {
		Load load = this.load;
		this.database.clearJobs();
		SleepHandler.reset();
		Map<String, Double> result = new LinkedHashMap<>();
		try (Node node = Node.start(this.database, queueSettings)) {
			WorkerNode worker = node.bean(WorkerNode.class);
			IntSupplier threads = () -> worker.queueThreads().getOrDefault(QUEUE, 0);
			// idle: the node's start-up is over, and the scaler has checked the empty
			// queue a few times
			Thread.sleep(load.idle().toMillis());
			Assert.state(threads.getAsInt() == load.min() || !scales,
					() -> "The pool has " + threads.getAsInt() + " threads before the burst, not " + load.min());
			Sampler sampler = new Sampler(threads, load.sample());
			try {
				long sent = System.nanoTime();
				producer.taskFlow().enqueueAll(burst);
				long committed = System.nanoTime();
				Scenarios.awaitRuns(SleepHandler.runs, load.jobs());
				Assert.state(SleepHandler.runs.get() >= load.jobs(),
						() -> SleepHandler.runs.get() + " of " + load.jobs() + " jobs ran within 10 minutes");
				long drained = SleepHandler.lastEnd.get();
				long atMin = scales
						? sampler.awaitValue(load.min(),
								drained + load.scaleDownCooldown().plus(Duration.ofSeconds(60)).toNanos())
						: Long.MIN_VALUE;
				sampler.stop();
				List<long[]> samples = sampler.samples();
				result.put("drain_ms", millis(committed, drained));
				result.put("jobs_per_s", load.jobs() / (millis(committed, drained) / 1000));
				result.put("enqueue_ms", millis(sent, committed));
				result.put("first_start_ms", millis(committed, SleepHandler.firstStart.get()));
				result.put("mean_threads_during_drain", meanBetween(samples, committed, drained));
				result.put("max_threads", (double) samples.stream().mapToLong((sample) -> sample[1]).max().orElse(0));
				if (scales) {
					result.put("first_growth_ms", firstAtLeast(samples, committed, load.min() + 1));
					result.put("at_max_ms", firstAtLeast(samples, committed, load.max()));
					result.put("back_at_min_after_drain_ms",
							(atMin != Long.MIN_VALUE) ? millis(drained, atMin) : Double.NaN);
					result.put("pool_changes", (double) changes(samples, committed).size() - 1);
				}
				this.timelines.accept(timeline(variant, samples, committed, drained, atMin));
			}
			finally {
				sampler.stop();
			}
			awaitSucceeded(load.jobs());
		}
		return result;
	}

	// the changes of the pool's size from the burst's commit on, the first the size then
	private static List<long[]> changes(List<long[]> samples, long from) {
		List<long[]> changes = new ArrayList<>();
		long[] atCommit = null;
		for (long[] sample : samples) {
			if (sample[0] <= from) {
				atCommit = sample;
			}
		}
		if (atCommit != null) {
			changes.add(new long[] { from, atCommit[1] });
		}
		for (long[] sample : samples) {
			if (sample[0] > from && (changes.isEmpty() || changes.get(changes.size() - 1)[1] != sample[1])) {
				changes.add(sample);
			}
		}
		return changes;
	}

	// a line of JSON with the pool's size over time: "t+ms -> threads" at each change
	private String timeline(String variant, List<long[]> samples, long committed, long drained, long atMin) {
		List<String> events = new ArrayList<>();
		boolean drainShown = false;
		for (long[] change : changes(samples, committed)) {
			if (!drainShown && change[0] > drained) {
				events.add(String.format(Locale.ROOT, "t+%,.0f drained", millis(committed, drained)));
				drainShown = true;
			}
			events.add(String.format(Locale.ROOT, "t+%,.0f -> %d", millis(committed, change[0]), change[1]));
		}
		if (!drainShown) {
			events.add(String.format(Locale.ROOT, "t+%,.0f drained", millis(committed, drained)));
		}
		if (atMin == Long.MIN_VALUE && variant.equals(this.load.scalingLabel())) {
			events.add("not back at " + this.load.min() + " within the scale-down cooldown + 60 s");
		}
		return String.format(Locale.ROOT,
				"{\"type\":\"timeline\",\"database\":\"%s\",\"scenario\":\"autoscaling\",\"variant\":\"%s\","
						+ "\"ms_threads\":\"%s\"}",
				this.database.name().toLowerCase(Locale.ROOT), variant, String.join(", ", events));
	}

	// the first time at or after from that the pool had at least that many threads
	private static double firstAtLeast(List<long[]> samples, long from, int threads) {
		return samples.stream()
			.filter((sample) -> sample[0] >= from && sample[1] >= threads)
			.mapToDouble((sample) -> millis(from, sample[0]))
			.findFirst()
			.orElse(Double.NaN);
	}

	private static double meanBetween(List<long[]> samples, long from, long to) {
		return samples.stream()
			.filter((sample) -> sample[0] >= from && sample[0] <= to)
			.mapToLong((sample) -> sample[1])
			.average()
			.orElse(Double.NaN);
	}

	private static double millis(long fromNanos, long toNanos) {
		return (toNanos - fromNanos) / 1e6;
	}

	private void awaitSucceeded(int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (System.nanoTime() < deadline) {
			Integer succeeded = this.jdbc.queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE status = 'SUCCEEDED'",
					Integer.class);
			if (succeeded != null && succeeded >= count) {
				return;
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("The burst's jobs did not all succeed within 2 minutes of their runs");
	}

	/**
	 * Reads the pool's size at a fixed rate and keeps every reading.
	 */
	private static final class Sampler {

		private final List<long[]> samples = new CopyOnWriteArrayList<>();

		private final ScheduledExecutorService executor;

		private final IntSupplier threads;

		Sampler(IntSupplier threads, Duration interval) {
			this.threads = threads;
			this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "autoscaling-sampler");
				thread.setDaemon(true);
				return thread;
			});
			this.executor.scheduleAtFixedRate(this::sample, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
		}

		private void sample() {
			this.samples.add(new long[] { System.nanoTime(), this.threads.getAsInt() });
		}

		// waits until the latest sample has that value, and returns when the pool
		// took it last (the first sample of the run of that value that ends with the
		// latest), or Long.MIN_VALUE if it did not by the deadline
		long awaitValue(int value, long deadlineNanos) throws InterruptedException {
			while (System.nanoTime() < deadlineNanos) {
				List<long[]> samples = samples();
				if (!samples.isEmpty() && samples.get(samples.size() - 1)[1] == value) {
					int first = samples.size() - 1;
					while (first > 0 && samples.get(first - 1)[1] == value) {
						first--;
					}
					return samples.get(first)[0];
				}
				Thread.sleep(10);
			}
			return Long.MIN_VALUE;
		}

		List<long[]> samples() {
			return List.copyOf(this.samples);
		}

		void stop() {
			this.executor.shutdownNow();
		}

	}

	/**
	 * The load of {@code autoscaling}.
	 *
	 * @param jobs the jobs of the burst
	 * @param jobTime how long each job's handler sleeps
	 * @param min {@code threads.min} of the scaling pool, and the smaller fixed pool
	 * @param max {@code threads.max} of the scaling pool, and the larger fixed pool
	 * @param scaleUpThreshold {@code scale-up-threshold}
	 * @param scaleUpCooldown {@code scale-up-cooldown}
	 * @param scaleDownCooldown {@code scale-down-cooldown}
	 * @param idle how long the node idles before the burst
	 * @param sample how often the pool's size is read
	 */
	record Load(int jobs, Duration jobTime, int min, int max, int scaleUpThreshold, Duration scaleUpCooldown,
			Duration scaleDownCooldown, Duration idle, Duration sample) {

		String scalingLabel() {
			return "scaling " + this.min + "-" + this.max;
		}

	}

}
