package dev.taskflow.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskflow.store.ClaimedJob;
import dev.taskflow.store.JobStore;

/**
 * Claims due jobs for this node, never more than it has free worker slots, and hands them
 * to the workers. While a backlog lasts it claims again as soon as half the slots are
 * free (batches, not one job per round trip); otherwise it sleeps until woken by an
 * enqueue or until the poll interval passes.
 *
 * @author TaskFlow
 */
final class Dispatcher implements Runnable {

	private static final Log logger = LogFactory.getLog(Dispatcher.class);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	private final JobStore.Claimer claimer;

	private final WorkerSettings settings;

	private final Semaphore slots;

	private final int batchThreshold;

	private final WakeUpSignal wakeUp = new WakeUpSignal();

	private final BiConsumer<ClaimedJob, Long> workers;

	private final FailureLog failures = new FailureLog(logger, "claim jobs");

	private volatile boolean running = true;

	private volatile boolean backlog = true;

	Dispatcher(JobStore.Claimer claimer, WorkerSettings settings, BiConsumer<ClaimedJob, Long> workers) {
		this.claimer = claimer;
		this.settings = settings;
		int capacity = settings.threads() + settings.prefetch();
		this.slots = new Semaphore(capacity);
		this.batchThreshold = Math.max(1, capacity / 2);
		this.workers = workers;
	}

	/**
	 * Wake the dispatcher: new jobs may be due.
	 */
	void wakeUp() {
		this.wakeUp.signal();
	}

	/**
	 * Give back the slot of a finished job.
	 */
	void slotFreed() {
		this.slots.release();
		if (this.backlog && this.slots.availablePermits() >= this.batchThreshold) {
			this.wakeUp.signal();
		}
	}

	void stop() {
		this.running = false;
		this.wakeUp.signal();
	}

	@Override
	public void run() {
		Duration backoff = this.settings.pollInterval();
		boolean pollDue = true;
		while (this.running) {
			try {
				int free = this.slots.availablePermits();
				// in a backlog, wait for half the slots to batch the claim, but never
				// past a poll
				if (free > 0 && (!this.backlog || pollDue || free >= this.batchThreshold)) {
					int permits = this.slots.drainPermits();
					int claimed = claim(permits);
					this.backlog = claimed == permits;
					if (this.failures.isFailing()) {
						this.wakeUp.await(backoff);
						backoff = FailureLog.doubled(backoff, MAX_BACKOFF);
						continue;
					}
					backoff = this.settings.pollInterval();
					if (this.backlog) {
						pollDue = false;
						continue;
					}
				}
				pollDue = !this.wakeUp.await(this.settings.pollInterval());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private int claim(int permits) {
		List<ClaimedJob> jobs;
		// the lease starts no earlier than the claim is sent
		long claimSent = System.nanoTime();
		try {
			jobs = this.claimer.claim(this.settings.nodeId(), permits, this.settings.lease());
			this.failures.succeeded();
		}
		catch (RuntimeException ex) {
			this.failures.failed(ex);
			this.slots.release(permits);
			return 0;
		}
		this.slots.release(permits - jobs.size());
		for (ClaimedJob job : jobs) {
			this.workers.accept(job, claimSent);
		}
		return jobs.size();
	}

}
