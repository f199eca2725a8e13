package dev.taskflow.engine;

import java.time.Instant;

import dev.taskflow.JobId;
import dev.taskflow.TaskContext;
import dev.taskflow.store.ClaimedJob;

/**
 * The {@link TaskContext} of a claimed job, and the job running on the current worker
 * thread: jobs its handler enqueues inherit its correlation id.
 *
 * @param job the claimed job
 * @author TaskFlow
 */
public record RunningTaskContext(ClaimedJob job) implements TaskContext {

	private static final ThreadLocal<RunningTaskContext> current = new ThreadLocal<>();

	/**
	 * The job whose handler runs on this thread.
	 * @return the running job, or {@code null} outside a handler
	 */
	public static RunningTaskContext current() {
		return current.get();
	}

	/**
	 * Make this the job running on this thread until {@link #leave()}.
	 */
	void enter() {
		current.set(this);
	}

	/**
	 * Clear the job running on this thread.
	 */
	static void leave() {
		current.remove();
	}

	@Override
	public JobId jobId() {
		return JobId.of(this.job.id());
	}

	@Override
	public String handler() {
		return this.job.handler();
	}

	@Override
	public int attempt() {
		return this.job.attempt();
	}

	@Override
	public int maxAttempts() {
		return this.job.maxAttempts();
	}

	@Override
	public String queue() {
		return this.job.queue();
	}

	@Override
	public String scheduleName() {
		return this.job.scheduleName();
	}

	@Override
	public Instant fireTime() {
		return this.job.fireTime();
	}

	@Override
	public String correlationId() {
		return this.job.correlationId();
	}

}
