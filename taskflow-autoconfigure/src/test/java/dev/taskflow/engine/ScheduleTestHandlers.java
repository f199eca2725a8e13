package dev.taskflow.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

import dev.taskflow.JobId;
import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * The handlers that schedule integration tests run. Kept apart from {@link TestHandlers}
 * so other suites get no schedule; {@link Cron} declares one with
 * {@link TaskHandler#cron()}, only where a test imports it. State is static so that
 * several nodes in one JVM record into the same place; {@link #reset()} clears it between
 * tests.
 *
 * @author TaskFlow
 */
@Configuration(proxyBeanMethods = false)
class ScheduleTestHandlers {

	static final List<Run> runs = new CopyOnWriteArrayList<>();

	static final Map<String, Sweep> sweeps = new ConcurrentHashMap<>();

	static volatile CountDownLatch gate = new CountDownLatch(1);

	static final AtomicInteger running = new AtomicInteger();

	@Value("${spring.taskflow.worker.node-id:node}")
	private String nodeId;

	static void reset() {
		runs.clear();
		sweeps.clear();
		gate = new CountDownLatch(1);
		running.set(0);
	}

	/**
	 * The runs of the jobs of one schedule.
	 * @param scheduleName the schedule's name
	 * @return its runs, in the order they started
	 */
	static List<Run> runsOf(String scheduleName) {
		return runs.stream().filter((run) -> scheduleName.equals(run.scheduleName())).toList();
	}

	@TaskHandler("schedule.record")
	void record(TaskContext context) {
		runs.add(new Run(context.jobId(), context.scheduleName(), context.fireTime(), this.nodeId));
	}

	/**
	 * Records the payload it was given, by schedule.
	 */
	@TaskHandler("schedule.sweep")
	void sweep(Sweep sweep, TaskContext context) {
		sweeps.put(context.scheduleName(), sweep);
		runs.add(new Run(context.jobId(), context.scheduleName(), context.fireTime(), this.nodeId));
	}

	/**
	 * Records its run, then blocks until the gate opens: its job stays RUNNING.
	 */
	@TaskHandler(value = "schedule.gated", maxAttempts = 1)
	void gated(TaskContext context) throws InterruptedException {
		runs.add(new Run(context.jobId(), context.scheduleName(), context.fireTime(), this.nodeId));
		running.incrementAndGet();
		try {
			gate.await(60, TimeUnit.SECONDS);
		}
		finally {
			running.decrementAndGet();
		}
	}

	/**
	 * The payload of {@code schedule.sweep}.
	 *
	 * @param region the region to sweep
	 */
	record Sweep(String region) {

	}

	/**
	 * One run of a handler.
	 *
	 * @param jobId the job
	 * @param scheduleName the schedule the handler's context named
	 * @param fireTime the fire time the handler's context named
	 * @param nodeId the node that ran it
	 */
	record Run(JobId jobId, String scheduleName, Instant fireTime, String nodeId) {

	}

	/**
	 * A handler scheduled by its annotation, at 03:00 in Tokyo. Not a configuration
	 * class, so the outer class does not import it: a test passes it as a source.
	 */
	static class Cron {

		static final String NAME = "schedule.annotated";

		@TaskHandler(value = NAME, cron = "0 0 3 * * *", zone = "Asia/Tokyo")
		void annotated(TaskContext context) {
			runs.add(new Run(context.jobId(), context.scheduleName(), context.fireTime(), "annotated"));
		}

	}

}
