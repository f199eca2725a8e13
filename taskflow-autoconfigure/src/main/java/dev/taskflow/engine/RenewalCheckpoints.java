package dev.taskflow.engine;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.taskflow.store.JobStore;

/**
 * A node's checkpoints: read from the job's row, stored by a renewal of the node's leases
 * on the thread that renews them, so that a checkpoint and the progress written with the
 * next renewal never overtake each other.
 *
 * @author TaskFlow
 */
final class RenewalCheckpoints implements Checkpoints {

	private final JobStore store;

	private final ThreadPoolTaskScheduler renewals;

	private final LeaseHeartbeat heartbeat;

	private final Duration timeout;

	RenewalCheckpoints(JobStore store, ThreadPoolTaskScheduler renewals, LeaseHeartbeat heartbeat, Duration timeout) {
		this.store = store;
		this.renewals = renewals;
		this.heartbeat = heartbeat;
		this.timeout = timeout;
	}

	@Override
	public String load(UUID job) {
		return this.store.checkpoint(job);
	}

	@Override
	public void saveNow(UUID job) {
		boolean saved;
		try {
			Future<Boolean> renewal = this.renewals.submit(() -> this.heartbeat.saveReportsNow(job));
			saved = renewal.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("TaskFlow could not store the checkpoint of job " + job + ": "
					+ ex.getCause().getMessage() + "; the step runs again in the next attempt", ex.getCause());
		}
		catch (TimeoutException | RuntimeException ex) {
			throw new IllegalStateException("TaskFlow could not store the checkpoint of job " + job + " within "
					+ this.timeout.toMillis() + " ms; the step runs again in the next attempt", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while storing the checkpoint of job " + job, ex);
		}
		if (!saved) {
			throw new IllegalStateException("TaskFlow could not store the checkpoint of job " + job
					+ ": this attempt no longer holds the job (its lease expired, or the node released it)");
		}
	}

}
