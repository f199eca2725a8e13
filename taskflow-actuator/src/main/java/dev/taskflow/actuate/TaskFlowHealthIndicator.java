package dev.taskflow.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.dao.DataAccessException;

import dev.taskflow.schedule.ScheduleNode;
import dev.taskflow.engine.WorkerNode;
import dev.taskflow.store.JobQueries;
import dev.taskflow.store.JobStore;
import dev.taskflow.store.QueueStatistics;

/**
 * The {@code taskflow} health: {@code DOWN} when this node's workers are enabled but its
 * dispatcher or another of its loops (outcome writer, lease renewal, node heartbeat) does
 * not run, when it should fire schedules but its schedule loop does not run, or when the
 * job store cannot be reached; the configured status (by default {@code DOWN}) when a due
 * job of a queue that is not paused has waited longer than the threshold of its queue.
 * <p>
 * Details: this node's dispatcher and id, the number of live nodes, the age of the oldest
 * due job per queue, and the queues over their threshold.
 *
 * @author TaskFlow
 */
public class TaskFlowHealthIndicator extends AbstractHealthIndicator {

	private final JobStore store;

	private final JobQueries queries;

	private final @Nullable WorkerNode workerNode;

	private final @Nullable ScheduleNode scheduleNode;

	private final Thresholds thresholds;

	/**
	 * Create the indicator.
	 * @param store the store
	 * @param workerNode this node's worker, or {@code null} when workers are disabled
	 * @param scheduleNode this node's schedules, or {@code null} when there are none
	 * @param thresholds the thresholds
	 */
	public TaskFlowHealthIndicator(JobStore store, @Nullable WorkerNode workerNode, @Nullable ScheduleNode scheduleNode,
			Thresholds thresholds) {
		super("TaskFlow health check failed");
		this.store = store;
		this.queries = store.queries();
		this.workerNode = workerNode;
		this.scheduleNode = scheduleNode;
		this.thresholds = thresholds;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up();
		List<String> stopped = new ArrayList<>();
		if (this.workerNode != null) {
			boolean dispatching = this.workerNode.isDispatching();
			// a node kept stopped on purpose (the test kit's manual and inline modes)
			// runs
			// jobs when asked: not a fault
			boolean onRequest = !dispatching && !this.workerNode.isAutoStartup();
			builder.withDetail("dispatcher", dispatching ? "running"
					: (onRequest ? "not started: jobs run on request (TaskFlow test kit)" : "stopped"));
			builder.withDetail("node", this.workerNode.nodeId());
			if (!dispatching && !onRequest) {
				builder.down();
			}
			stopped.addAll(this.workerNode.stoppedLoops());
		}
		else {
			builder.withDetail("dispatcher", "disabled (spring.taskflow.worker.enabled=false)");
		}
		if (this.scheduleNode != null && this.scheduleNode.hasStoppedFiring()) {
			stopped.add("schedule loop");
		}
		if (!stopped.isEmpty()) {
			builder.withDetail("stoppedLoops", stopped);
			builder.down();
		}
		Map<String, Duration> oldestDue;
		long nodesAlive;
		List<String> paused;
		try {
			// first the query with a timeout: it tells whether the store answers at all
			oldestDue = oldestDueAgeByQueue(this.store.queueStatistics(this.thresholds.timeout()));
			Instant now = this.queries.databaseNow();
			nodesAlive = this.store.nodes().list().stream().filter((node) -> node.expiresAt().isAfter(now)).count();
			paused = this.store.queues().paused();
		}
		catch (DataAccessException ex) {
			builder.down().withDetail("store", "unreachable").withDetail("error", ex.getMostSpecificCause().toString());
			return;
		}
		builder.withDetail("store", "reachable");
		builder.withDetail("nodesAlive", nodesAlive);
		Map<String, String> ages = new LinkedHashMap<>();
		Map<String, Map<String, String>> late = new LinkedHashMap<>();
		oldestDue.forEach((queue, age) -> {
			ages.put(queue, age.toString());
			Duration threshold = this.thresholds.oldestDueAge(queue);
			if (threshold != null && age.compareTo(threshold) > 0 && !paused.contains(queue)) {
				late.put(queue, Map.of("oldestDueAge", age.toString(), "threshold", threshold.toString()));
			}
		});
		builder.withDetail("oldestDueAge", ages);
		if (!paused.isEmpty()) {
			builder.withDetail("pausedQueues", paused);
		}
		if (!late.isEmpty()) {
			builder.withDetail("late", late);
			if (this.workerNode == null || this.workerNode.isDispatching()) {
				builder.status(this.thresholds.lateStatus());
			}
		}
	}

	// the oldest PENDING job of a queue is due when its run_at has passed: its age is
	// positive
	private static Map<String, Duration> oldestDueAgeByQueue(List<QueueStatistics> statistics) {
		Map<String, Duration> ages = new TreeMap<>();
		for (QueueStatistics queue : statistics) {
			if ("PENDING".equals(queue.status()) && queue.oldestAge().compareTo(Duration.ZERO) > 0) {
				ages.put(queue.queue(), queue.oldestAge());
			}
		}
		return ages;
	}

	/**
	 * When the health turns to another status than {@code UP} for late jobs.
	 *
	 * @param oldestDueAge the longest a due job of any queue may wait, or {@code null}
	 * for no limit
	 * @param queueOldestDueAge the limit of single queues, overriding the default
	 * @param lateStatus the status when a job waited longer
	 * @param timeout how long the store's query may take
	 */
	public record Thresholds(@Nullable Duration oldestDueAge, Map<String, Duration> queueOldestDueAge,
			Status lateStatus, Duration timeout) {

		public Thresholds {
			queueOldestDueAge = Map.copyOf(queueOldestDueAge);
		}

		@Nullable Duration oldestDueAge(String queue) {
			Duration configured = this.queueOldestDueAge.get(queue);
			return (configured != null) ? configured : this.oldestDueAge;
		}

	}

}
