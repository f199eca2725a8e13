package dev.taskflow.engine;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides which back-ups of a node's outcome writes are worth a warning. A node whose
 * jobs end faster than their outcomes can be written (short jobs, a busy database) backs
 * up again and again, each time for a moment: the first back-up is told, then at most one
 * per interval, with the count of those in between.
 *
 * @author TaskFlow
 */
final class BackUpWarnings {

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	private long backUps;

	private boolean warnedBefore;

	private long lastWarning;

	BackUpWarnings(Duration interval, LongSupplier nanoTime) {
		this.intervalNanos = interval.toNanos();
		this.nanoTime = nanoTime;
	}

	/**
	 * A back-up started.
	 * @return whether to warn of it
	 */
	synchronized boolean started() {
		this.backUps++;
		long now = this.nanoTime.getAsLong();
		if (this.warnedBefore && now - this.lastWarning < this.intervalNanos) {
			return false;
		}
		this.warnedBefore = true;
		this.lastWarning = now;
		return true;
	}

	/**
	 * The back-ups so far.
	 * @return how many started
	 */
	synchronized long count() {
		return this.backUps;
	}

}
