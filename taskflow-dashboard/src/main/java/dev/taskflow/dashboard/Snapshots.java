package dev.taskflow.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import dev.taskflow.JobQuery;
import dev.taskflow.JobStatus;
import dev.taskflow.NodeView;
import dev.taskflow.QueueLimits;
import dev.taskflow.QueueView;
import dev.taskflow.StatisticsPoint;
import dev.taskflow.TaskFlow;

/**
 * What the overview shows, read through the public API: jobs by status, the queues, the
 * nodes and what needs attention. The same snapshot answers the overview request and goes
 * to every open dashboard.
 *
 * @author TaskFlow
 */
final class Snapshots {

	private static final Duration THROUGHPUT_WINDOW = Duration.ofMinutes(5);

	/**
	 * The most finished jobs counted in a status: beyond it the overview says "more
	 * than".
	 */
	static final long COUNT_LIMIT = 10_000;

	private static final Set<JobStatus> FINISHED = EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED,
			JobStatus.CANCELLED);

	private final TaskFlow taskFlow;

	private final DashboardSettings settings;

	private final Supplier<String> localNodeId;

	private final Map<String, QueueLimits> configuredLimits;

	Snapshots(TaskFlow taskFlow, DashboardSettings settings, Supplier<String> localNodeId,
			Map<String, QueueLimits> configuredLimits) {
		this.taskFlow = taskFlow;
		this.settings = settings;
		this.localNodeId = localNodeId;
		this.configuredLimits = Map.copyOf(configuredLimits);
	}

	Map<String, Object> overview() {
		List<QueueView> active = this.taskFlow.queues().active();
		Map<String, StatisticsPoint> throughput = throughput();
		Map<String, QueueLimits> limits = this.taskFlow.queues().limits();
		List<NodeView> nodes = this.taskFlow.nodes();
		List<NodeView> departed = this.taskFlow.departedNodes();
		// the active statuses exactly, from the queues; the finished ones up to the
		// limit, which a table of any history answers as fast
		Map<JobStatus, Long> counts = new EnumMap<>(this.taskFlow.jobs()
			.countByStatus(JobQuery.all().status(FINISHED.toArray(JobStatus[]::new)), COUNT_LIMIT + 1));
		for (QueueView queue : active) {
			queue.counts().forEach((status, count) -> counts.merge(status, count, Long::sum));
		}
		List<String> countsOver = new ArrayList<>();
		for (JobStatus status : FINISHED) {
			if (counts.get(status) > COUNT_LIMIT) {
				counts.put(status, COUNT_LIMIT);
				countsOver.add(status.name());
			}
		}
		List<QueueView> queues = withConfiguredAndBusy(active, throughput, limits);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("now", Instant.now());
		json.put("counts", counts);
		json.put("countsOver", countsOver);
		json.put("queues", queues.stream().map((queue) -> queue(queue, throughput, limits)).toList());
		json.put("nodes", nodes(nodes, departed));
		json.put("attention", attention(counts, countsOver, queues, departed));
		return json;
	}

	List<Map<String, Object>> queues() {
		Map<String, StatisticsPoint> throughput = throughput();
		Map<String, QueueLimits> limits = this.taskFlow.queues().limits();
		return withConfiguredAndBusy(this.taskFlow.queues().active(), throughput, limits).stream()
			.map((queue) -> queue(queue, throughput, limits))
			.toList();
	}

	/**
	 * One queue, for the answer to a change of it.
	 * @param name the queue
	 * @return its JSON
	 */
	Map<String, Object> queue(String name) {
		QueueView view = this.taskFlow.queues()
			.active()
			.stream()
			.filter((queue) -> queue.name().equals(name))
			.findFirst()
			// a queue that holds no active jobs
			.orElseGet(() -> idle(name, this.taskFlow.queues().isPaused(name)));
		return queue(view, throughput(), this.taskFlow.queues().limits());
	}

	// the queues with active jobs or paused, and those with nothing waiting that have
	// limits (configured or set at run time) or finished jobs of late
	private List<QueueView> withConfiguredAndBusy(List<QueueView> active, Map<String, StatisticsPoint> throughput,
			Map<String, QueueLimits> limits) {
		Map<String, QueueView> queues = new TreeMap<>();
		active.forEach((queue) -> queues.put(queue.name(), queue));
		Set<String> others = new TreeSet<>(this.configuredLimits.keySet());
		others.addAll(limits.keySet());
		others.addAll(throughput.keySet());
		others.forEach((name) -> queues.computeIfAbsent(name, (idle) -> idle(idle, false)));
		return new ArrayList<>(queues.values());
	}

	private static QueueView idle(String name, boolean paused) {
		return new QueueView(name, paused, Map.of(JobStatus.PENDING, 0L, JobStatus.RUNNING, 0L), 0, null);
	}

	// the jobs each queue finished per minute over the last five whole minutes, from the
	// statistics (the current minute is not written yet)
	Map<String, StatisticsPoint> throughput() {
		Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES);
		return this.taskFlow.statistics().byQueue(to.minus(THROUGHPUT_WINDOW), to);
	}

	private Map<String, Object> queue(QueueView queue, Map<String, StatisticsPoint> throughput,
			Map<String, QueueLimits> limits) {
		Map<String, Object> json = queue(queue);
		StatisticsPoint point = throughput.get(queue.name());
		json.put("throughputPerMinute",
				(point != null) ? point.perMinute(point.succeeded() + point.failed() + point.retried()) : 0.0);
		QueueLimits configured = this.configuredLimits.getOrDefault(queue.name(), QueueLimits.none());
		QueueLimits override = limits.getOrDefault(queue.name(), QueueLimits.none());
		Map<String, Object> concurrency = new LinkedHashMap<>();
		concurrency.put("configured", configured.concurrency());
		concurrency.put("override", override.concurrency());
		json.put("concurrency", concurrency);
		Map<String, Object> rate = new LinkedHashMap<>();
		rate.put("configured", rate(configured));
		rate.put("override", rate(override));
		json.put("rate", rate);
		return json;
	}

	// "10/1s": the limit per period, as the pages read it
	private static String rate(QueueLimits limits) {
		if (limits.rateLimit() == null) {
			return null;
		}
		Duration period = limits.ratePeriod();
		String unit = (period.toMillis() % 1000 == 0) ? (period.toSeconds() + "s") : (period.toMillis() + "ms");
		return limits.rateLimit() + "/" + unit;
	}

	List<Map<String, Object>> nodes() {
		return nodes(this.taskFlow.nodes(), this.taskFlow.departedNodes());
	}

	static Map<String, Object> queue(QueueView queue) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("name", queue.name());
		json.put("paused", queue.paused());
		json.put("counts", queue.counts());
		json.put("due", queue.due());
		json.put("oldestDueAgeSeconds", queue.oldestDueAge().map(Snapshots::seconds).orElse(null));
		return json;
	}

	private List<Map<String, Object>> nodes(List<NodeView> live, List<NodeView> departed) {
		String local = this.localNodeId.get();
		List<Map<String, Object>> json = new ArrayList<>();
		for (NodeView node : live) {
			json.add(node(node, local));
		}
		for (NodeView node : departed) {
			json.add(node(node, local));
		}
		return json;
	}

	private static Map<String, Object> node(NodeView node, String local) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("id", node.id());
		entry.put("host", node.host());
		entry.put("alive", node.alive());
		entry.put("local", node.alive() && node.id().equals(local));
		entry.put("startedAt", node.startedAt());
		entry.put("heartbeatAt", node.heartbeatAt());
		entry.put("heartbeatAgeSeconds", seconds(node.heartbeatAge()));
		entry.put("handlers", node.handlers());
		entry.put("threads", node.threads());
		entry.put("busyThreads", node.busyThreads());
		entry.put("version", node.version());
		entry.put("departedAt", node.departedAt());
		entry.put("departure", (node.departure() != null) ? node.departure().name() : null);
		entry.put("draining", node.draining());
		entry.put("queueThreads", node.queueThreads());
		return entry;
	}

	private List<Map<String, Object>> attention(Map<JobStatus, Long> counts, List<String> countsOver,
			List<QueueView> queues, List<NodeView> departed) {
		List<Map<String, Object>> attention = new ArrayList<>();
		long failed = counts.get(JobStatus.FAILED);
		if (countsOver.contains(JobStatus.FAILED.name())) {
			attention.add(item("FAILED_JOBS", "More than " + String.format(Locale.ROOT, "%,d", failed) + " failed jobs",
					"jobs?status=FAILED"));
		}
		else if (failed > 0) {
			attention.add(item("FAILED_JOBS", failed + ((failed == 1) ? " failed job" : " failed jobs"),
					"jobs?status=FAILED"));
		}
		for (QueueView queue : queues) {
			Duration age = queue.oldestDueAge().orElse(null);
			if (age != null && age.compareTo(this.settings.attentionQueueAge()) > 0) {
				attention.add(item("OLD_QUEUE", "Queue " + queue.name() + " has a job waiting for "
						+ Durations.words(age) + (queue.paused() ? " (paused)" : ""), "queues"));
			}
			else if (queue.paused()) {
				attention.add(item("PAUSED_QUEUE", "Queue " + queue.name() + " is paused", "queues"));
			}
		}
		for (NodeView node : departed) {
			if (node.departure() == NodeView.Departure.LOST) {
				attention.add(item("DEAD_NODE", "Node " + node.id() + " on " + node.host()
						+ " stopped sending heartbeats " + Durations.words(node.heartbeatAge()) + " ago", "nodes"));
			}
		}
		return attention;
	}

	private static Map<String, Object> item(String kind, String message, String link) {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("kind", kind);
		item.put("message", message);
		item.put("link", link);
		return item;
	}

	static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

}
