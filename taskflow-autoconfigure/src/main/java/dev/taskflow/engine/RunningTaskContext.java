package dev.taskflow.engine;

import java.time.Instant;

import dev.taskflow.JobId;
import dev.taskflow.TaskContext;
import dev.taskflow.store.ClaimedJob;

/**
 * The {@link TaskContext} of a claimed job.
 *
 * @param job the claimed job
 * @author TaskFlow
 */
record RunningTaskContext(ClaimedJob job) implements TaskContext {

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

}
