package dev.taskflow.engine;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The attempts running on this node that someone may ask to stop: the lease renewal
 * learns of each request from the database, the attempt's
 * {@link dev.taskflow.TaskContext#isCancellationRequested()} turns true, and its thread
 * is interrupted once the grace has passed.
 *
 * @author TaskFlow
 */
final class CancelRequests {

	private static final Log logger = LogFactory.getLog(CancelRequests.class);

	private final Map<UUID, Running> running = new ConcurrentHashMap<>();

	private final ScheduledExecutorService scheduler;

	private final Duration grace;

	CancelRequests(ScheduledExecutorService scheduler, Duration grace) {
		this.scheduler = scheduler;
		this.grace = grace;
	}

	void started(UUID id, RunningTaskContext task, RunningAttempt attempt) {
		this.running.put(id, new Running(task, attempt));
	}

	void ended(UUID id) {
		this.running.remove(id);
	}

	/**
	 * Ask the given jobs to stop, if they run here and have not been asked yet.
	 * @param ids the jobs
	 */
	void requested(Collection<UUID> ids) {
		for (UUID id : ids) {
			Running run = this.running.get(id);
			if (run == null || !run.task().cancellation().compareAndSet(false, true)) {
				continue;
			}
			logger.info("Job " + id + " (handler '" + run.task().handler() + "') was asked to stop; it is interrupted"
					+ " unless it stops within " + this.grace.toMillis() + " ms");
			this.scheduler.schedule(() -> {
				if (this.running.get(id) == run) {
					run.attempt().interruptForCancel();
				}
			}, this.grace.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	private record Running(RunningTaskContext task, RunningAttempt attempt) {
	}

}
