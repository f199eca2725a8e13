package dev.taskflow.engine;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many claimed jobs a pool holds beyond its threads: the configured prefetch while
 * its jobs take long, more while they are short, up to the configured maximum. A claim's
 * round trip costs the same for one job as for a hundred, so short jobs drain faster in
 * bigger claims; the jobs that wait stay worth about {@link #WINDOW} of work, so a node
 * keeps no more than that from the other nodes (or, should it die, from the rescue).
 *
 * @author TaskFlow
 */
final class AdaptivePrefetch {

	/**
	 * The work that waits for a thread, at most: the prefetch grows only while its jobs
	 * together take less than this on the pool's threads.
	 */
	static final Duration WINDOW = Duration.ofMillis(100);

	private final int threads;

	private final int min;

	private final int max;

	private final LongAdder runNanos = new LongAdder();

	private final LongAdder runs = new LongAdder();

	// read and written by the dispatcher thread only
	private long adaptedAtRuns;

	private long adaptedAtNanos;

	private volatile int current;

	/**
	 * Create a prefetch.
	 * @param threads the pool's threads
	 * @param min the prefetch while jobs are long
	 * @param max the prefetch while jobs are short (below {@code min}: {@code min})
	 */
	AdaptivePrefetch(int threads, int min, int max) {
		this.threads = threads;
		this.min = min;
		this.max = Math.max(min, max);
		this.current = min;
	}

	/**
	 * The jobs the pool holds beyond its threads now.
	 * @return the prefetch
	 */
	int current() {
		return this.current;
	}

	/**
	 * A job ran on one of the pool's threads.
	 * @param nanos how long it took
	 */
	void ran(long nanos) {
		this.runNanos.add(nanos);
		this.runs.increment();
	}

	/**
	 * Size the prefetch from the jobs that ran since the last call, once at least one per
	 * thread did. Called by the dispatcher before it claims.
	 */
	void adapt() {
		if (this.max == this.min) {
			return;
		}
		long runs = this.runs.sum();
		long newRuns = runs - this.adaptedAtRuns;
		if (newRuns < this.threads) {
			return;
		}
		long nanos = this.runNanos.sum();
		long meanNanos = Math.max(1, (nanos - this.adaptedAtNanos) / newRuns);
		this.adaptedAtRuns = runs;
		this.adaptedAtNanos = nanos;
		long worthTheWindow = this.threads * (WINDOW.toNanos() / meanNanos);
		this.current = (int) Math.max(this.min, Math.min(this.max, worthTheWindow));
	}

}
