package dev.taskflow.throttle;

import java.time.Duration;

/**
 * The grants of the last {@code limit} permits, by the monotonic clock: a permit is free
 * once the grant it replaces is a period old. Unlike a fixed refresh cycle, this holds in
 * every window of one period, wherever it starts: never more than {@code limit} grants.
 *
 * @author TaskFlow
 */
final class StartWindow {

	private final long[] grants;

	private final long periodNanos;

	// index of the oldest grant
	private int oldest;

	StartWindow(int limit, Duration period) {
		this.grants = new long[limit];
		this.periodNanos = period.toNanos();
		long longAgo = System.nanoTime() - 2 * this.periodNanos;
		java.util.Arrays.fill(this.grants, longAgo);
	}

	synchronized int available(long now) {
		int free = 0;
		for (int i = 0; i < this.grants.length; i++) {
			if (now - this.grants[(this.oldest + i) % this.grants.length] >= this.periodNanos) {
				free++;
			}
			else {
				break;
			}
		}
		return free;
	}

	synchronized void record(int permits, long now) {
		for (int i = 0; i < permits; i++) {
			this.grants[this.oldest] = now;
			this.oldest = (this.oldest + 1) % this.grants.length;
		}
	}

	synchronized long nanosUntilNext(long now) {
		long waited = now - this.grants[this.oldest];
		return Math.max(0, this.periodNanos - waited);
	}

}
