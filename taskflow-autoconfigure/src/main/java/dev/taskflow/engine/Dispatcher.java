package dev.taskflow.engine;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskflow.store.ClaimedJob;
import dev.taskflow.throttle.LoadMonitor;

/**
 * Claims due jobs for this node through its {@link ClaimPlanner}, never more than its
 * pools can take or its limits allow, and hands them to the workers. While a backlog
 * lasts it claims again as soon as half the slots are free (batches, not one job per
 * round trip); otherwise it sleeps until woken by an enqueue, a finished job, a rate
 * limit's next permit, the earliest due time it knows of (delayed jobs) or the poll
 * interval. While the node is saturated (back-pressure) it claims nothing.
 *
 * @author TaskFlow
 */
final class Dispatcher implements Runnable {

	private static final Log logger = LogFactory.getLog(Dispatcher.class);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	private static final Duration MIN_WAIT = Duration.ofMillis(1);

	private final ClaimPlanner planner;

	private final WorkerSettings settings;

	private final LoadMonitor load;

	private final WakeUpSignal wakeUp = new WakeUpSignal();

	private final DueTimes dueTimes = new DueTimes();

	private final FailureLog failures = new FailureLog(logger, "claim jobs");

	private final BooleanSupplier outcomesBackedUp;

	private volatile boolean running = true;

	Dispatcher(ClaimPlanner planner, WorkerSettings settings, LoadMonitor load, BooleanSupplier outcomesBackedUp) {
		this.planner = planner;
		this.settings = settings;
		this.load = load;
		this.outcomesBackedUp = outcomesBackedUp;
	}

	/**
	 * Wake the dispatcher: new jobs may be due.
	 */
	void wakeUp() {
		this.planner.wokenUp();
		this.wakeUp.signal();
	}

	/**
	 * The outcomes whose backlog stopped the claims are written: claim again now, not at
	 * the next load check.
	 */
	void outcomesCaughtUp() {
		this.wakeUp.signal();
	}

	/**
	 * Jobs become due at the given moment: claim them then, not at the next poll.
	 * @param dueAt the moment ({@link System#nanoTime()})
	 */
	void wakeUpAt(long dueAt) {
		if (this.dueTimes.add(dueAt)) {
			// sleeping until a later moment: plan the sleep again
			this.wakeUp.nudge();
		}
	}

	/**
	 * A claimed job is done, or will not run here: its slot and permits are free.
	 * @param job the job
	 */
	void finished(ClaimedJob job) {
		if (this.planner.finished(job)) {
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
				if (this.load.saturated() || this.outcomesBackedUp.getAsBoolean()) {
					this.wakeUp.await(this.load.checkInterval());
					pollDue = true;
					continue;
				}
				ClaimPlanner.Round round;
				try {
					// this claim takes every job due by now: one claim for all of them
					this.dueTimes.takePassed(System.nanoTime());
					round = this.planner.claim(pollDue);
					this.failures.succeeded();
				}
				catch (RuntimeException | Error ex) {
					// an Error must not end the loop: the node would hold its jobs
					// and claim no more while it looks alive
					this.failures.failed(ex);
					this.wakeUp.await(backoff);
					backoff = FailureLog.doubled(backoff, MAX_BACKOFF);
					pollDue = true;
					continue;
				}
				backoff = this.settings.pollInterval();
				if (round.again()) {
					pollDue = false;
					continue;
				}
				long pollNanos = this.settings.pollInterval().toNanos();
				boolean rateWake = round.wakeInNanos() < pollNanos;
				long waitNanos = rateWake ? Math.max(round.wakeInNanos(), MIN_WAIT.toNanos()) : pollNanos;
				boolean woken = sleep(waitNanos);
				pollDue = !woken && !rateWake;
				if (rateWake && !woken) {
					// a permit is free again
					this.planner.wokenUp();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	// sleeps until woken, until the earliest due time known or for the given time,
	// whichever comes first; returns whether woken or due
	private boolean sleep(long waitNanos) throws InterruptedException {
		long deadline = System.nanoTime() + waitNanos;
		while (true) {
			long now = System.nanoTime();
			long untilDue = this.dueTimes.nanosUntilEarliest(now);
			if (untilDue <= 0) {
				// claimed as if just enqueued: limited claims look again too
				this.planner.wokenUp();
				return true;
			}
			long left = deadline - now;
			if (left <= 0) {
				return false;
			}
			if (this.wakeUp.awaitSignalOrNudge(Math.min(left, untilDue)) == WakeUpSignal.Wake.SIGNALLED) {
				return true;
			}
		}
	}

}
