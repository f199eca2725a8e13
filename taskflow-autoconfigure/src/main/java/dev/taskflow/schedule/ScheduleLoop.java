package dev.taskflow.schedule;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.List;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskflow.engine.FailureLog;
import dev.taskflow.engine.WakeUpSignal;
import dev.taskflow.store.Occurrence;
import dev.taskflow.store.ScheduleStore;

/**
 * The thread that fires schedules on one node. It sleeps until the earliest next fire
 * time it knows, and reads the schedule table again at least every refresh interval (to
 * see schedules changed on other nodes), so an idle node costs one statement per refresh.
 * Every node runs one; the row locks and the unique fire-time key make them agree.
 *
 * @author TaskFlow
 */
final class ScheduleLoop implements Runnable {

	private static final Log logger = LogFactory.getLog(ScheduleLoop.class);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	// a due schedule another node is firing right now: look again shortly, not at once
	private static final Duration BUSY_RETRY = Duration.ofMillis(50);

	private final ScheduleStore store;

	private final ScheduleFirer firer;

	private final ScheduleTime time;

	private final Duration pollInterval;

	private final Duration refreshInterval;

	private final Consumer<List<Occurrence>> jobsEnqueued;

	private final WakeUpSignal wakeUp = new WakeUpSignal();

	private final FailureLog failures = new FailureLog(logger, "fire schedules");

	private volatile boolean running = true;

	ScheduleLoop(ScheduleStore store, ScheduleFirer firer, ScheduleTime time, Duration pollInterval,
			Duration refreshInterval, Consumer<List<Occurrence>> jobsEnqueued) {
		this.store = store;
		this.firer = firer;
		this.time = time;
		this.pollInterval = pollInterval;
		this.refreshInterval = refreshInterval;
		this.jobsEnqueued = jobsEnqueued;
	}

	/**
	 * Look at the schedules now: one was registered, resumed or changed here.
	 */
	void wakeUp() {
		this.wakeUp.signal();
	}

	void stop() {
		this.running = false;
		this.wakeUp.signal();
	}

	@Override
	public void run() {
		Duration backoff = Duration.ofSeconds(1);
		Instant nextDue = null;
		long refreshedAt = 0;
		boolean refreshNow = true;
		while (this.running) {
			try {
				Duration wait;
				Instant now = this.time.now();
				boolean due = nextDue != null && !now.isBefore(nextDue);
				if (refreshNow || due || System.nanoTime() - refreshedAt >= this.refreshInterval.toNanos()) {
					ScheduleFirer.Result result = due ? this.firer.fireDue(now)
							: new ScheduleFirer.Result(0, List.of());
					// committed: they may be claimed and announced
					if (!result.enqueued().isEmpty()) {
						this.jobsEnqueued.accept(result.enqueued());
					}
					ScheduleStore.DueTime next = this.store.nextDue();
					this.time.synchronize(next.databaseNow());
					nextDue = next.nextDue();
					refreshedAt = System.nanoTime();
					this.failures.succeeded();
					backoff = Duration.ofSeconds(1);
					if (result.full()) {
						refreshNow = true;
						continue;
					}
				}
				wait = this.refreshInterval.minusNanos(System.nanoTime() - refreshedAt);
				if (nextDue != null) {
					Duration untilDue = Duration.between(this.time.now(), nextDue);
					wait = min(wait, untilDue.isNegative() || untilDue.isZero() ? BUSY_RETRY : untilDue);
				}
				if (this.time.followsApplicationClock()) {
					wait = min(wait, this.pollInterval);
				}
				refreshNow = this.wakeUp.await(wait);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException | Error ex) {
				// an Error must not end the loop: schedules would silently stop firing
				if (!this.running) {
					return;
				}
				this.failures.failed(ex);
				try {
					this.wakeUp.await(backoff);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
				backoff = FailureLog.doubled(backoff, MAX_BACKOFF);
				refreshNow = true;
			}
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
