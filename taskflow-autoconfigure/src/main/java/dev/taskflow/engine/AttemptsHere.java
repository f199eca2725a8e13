package dev.taskflow.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import dev.taskflow.store.ClaimedJob;

/**
 * The attempts running on this node's threads, at most one per job. A node that could not
 * reach the database for longer than a lease loses the lease of an attempt it still runs;
 * once the job is rescued, the same node may claim it again. The new attempt then waits
 * here until the old one has ended: run side by side, it would read the job's checkpoint
 * before the old attempt stored its steps and run their bodies again, while the old
 * attempt's step saves, renewed under the same node and job, still succeeded. Started
 * after it, the new attempt gets back every step the old one completed. The node asks the
 * old attempt to stop, so the new one waits about the cancel grace at most for a handler
 * that can be interrupted.
 *
 * @author TaskFlow
 */
final class AttemptsHere {

	private final Map<UUID, Running> running = new HashMap<>();

	/**
	 * Make this claim the attempt of its job running here, once no earlier attempt of the
	 * job runs here any more.
	 * @param job the claim
	 * @param held the claim this node holds for a job now
	 * @return the attempt to {@link #ended} once it has run (or was not started after
	 * all), or {@code null} if the node no longer holds this claim: it claimed the job
	 * again meanwhile, or released it, and the claim must not run
	 * @throws InterruptedException if interrupted while an earlier attempt runs
	 */
	Running enter(ClaimedJob job, Function<UUID, ClaimedJob> held) throws InterruptedException {
		while (true) {
			Running earlier;
			synchronized (this.running) {
				if (held.apply(job.id()) != job) {
					return null;
				}
				earlier = this.running.get(job.id());
				if (earlier == null) {
					Running attempt = new Running(job);
					this.running.put(job.id(), attempt);
					return attempt;
				}
			}
			earlier.ended.await();
		}
	}

	/**
	 * The attempt has ended: a later attempt of its job may start.
	 * @param attempt what {@link #enter} returned
	 */
	void ended(Running attempt) {
		synchronized (this.running) {
			this.running.remove(attempt.job.id(), attempt);
		}
		attempt.ended.countDown();
	}

	/**
	 * Whether an attempt of this job runs here.
	 * @param job the job
	 * @return whether one does
	 */
	boolean runs(UUID job) {
		synchronized (this.running) {
			return this.running.containsKey(job);
		}
	}

	/**
	 * An attempt that entered.
	 */
	static final class Running {

		private final ClaimedJob job;

		private final CountDownLatch ended = new CountDownLatch(1);

		private Running(ClaimedJob job) {
			this.job = job;
		}

		int attempt() {
			return this.job.attempt();
		}

	}

}
