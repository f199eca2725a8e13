package dev.taskflow.engine;

import java.util.TreeSet;

/**
 * The moments at which jobs this node knows of become due, on this JVM's monotonic clock
 * ({@link System#nanoTime()}), so that the dispatcher claims them then instead of at its
 * next poll. Each moment was derived from a delay the database measured (a delay it added
 * to its own clock, or a notification saying how long until a due time), never from this
 * JVM's wall clock, so a node whose clock is off wakes neither early nor late.
 * <p>
 * Moments are rounded up to whole milliseconds, so that jobs due within one millisecond
 * share one wake-up and one claim; and at most {@link #CAPACITY} are kept, the earliest:
 * the jobs of those left out are found by the poll, as before.
 *
 * @author TaskFlow
 */
public final class DueTimes {

	/**
	 * The most moments kept.
	 */
	public static final int CAPACITY = 4096;

	private static final long GRAIN_NANOS = 1_000_000;

	// moments are kept as nanoseconds since this origin: System.nanoTime() itself may
	// be negative or wrap, a difference from one fixed origin orders correctly
	private final long origin;

	private final TreeSet<Long> moments = new TreeSet<>();

	DueTimes() {
		this(System.nanoTime());
	}

	DueTimes(long origin) {
		this.origin = origin;
	}

	/**
	 * Remember that jobs become due at the given moment.
	 * @param dueAt the moment ({@link System#nanoTime()})
	 * @return whether it is now the earliest moment known, so that a sleeping dispatcher
	 * must wake sooner than it planned
	 */
	synchronized boolean add(long dueAt) {
		long rounded = Math.max(0, -Math.floorDiv(this.origin - dueAt, GRAIN_NANOS)) * GRAIN_NANOS;
		if (!this.moments.add(rounded)) {
			return false;
		}
		if (this.moments.size() > CAPACITY && this.moments.pollLast() == rounded) {
			return false;
		}
		return this.moments.first() == rounded;
	}

	/**
	 * How long until the earliest moment known.
	 * @param now the time now ({@link System#nanoTime()})
	 * @return the nanoseconds until it, zero or less if it has passed,
	 * {@link Long#MAX_VALUE} if none is known
	 */
	synchronized long nanosUntilEarliest(long now) {
		return this.moments.isEmpty() ? Long.MAX_VALUE : this.moments.first() - (now - this.origin);
	}

	/**
	 * Forget the moments that have passed: the claim about to be made takes their jobs.
	 * @param now the time now ({@link System#nanoTime()})
	 * @return whether any had passed
	 */
	synchronized boolean takePassed(long now) {
		long elapsed = now - this.origin;
		boolean any = false;
		while (!this.moments.isEmpty() && this.moments.first() <= elapsed) {
			this.moments.pollFirst();
			any = true;
		}
		return any;
	}

	synchronized int size() {
		return this.moments.size();
	}

	synchronized void clear() {
		this.moments.clear();
	}

}
