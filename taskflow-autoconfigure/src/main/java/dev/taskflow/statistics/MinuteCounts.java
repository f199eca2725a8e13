package dev.taskflow.statistics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.taskflow.StatisticsPoint;
import dev.taskflow.store.StatisticsFigures;
import dev.taskflow.store.StatisticsRow;

/**
 * A node's counts by minute, queue and handler, in memory until they are written. Every
 * job's events are counted here, on the threads that tell them, so counting takes no
 * lock: a look-up in a concurrent map (lock-free once the minute's counts of the queue
 * and handler exist) and an increment of {@link LongAdder}s, which spread contending
 * threads over cells of their own.
 * <p>
 * Minutes are taken out to be written once closed, each once: an event counted for a
 * minute already taken is counted for the first minute not taken yet, so that a node
 * never writes a minute, queue and handler twice (the table's primary key refuses it). A
 * thread that found a minute's counts just before they were taken out, and adds to them
 * just after, loses that event: minutes are taken out a few seconds after they are over
 * ({@link StatisticsWriter#GRACE}), so that thread would have had to stand still for
 * those seconds between a look-up and an increment.
 *
 * @author TaskFlow
 */
final class MinuteCounts {

	private static final long MINUTE_MILLIS = Duration.ofMinutes(1).toMillis();

	private final Map<Key, Counts> counts = new ConcurrentHashMap<>();

	// the latest minute taken out (or known to be written), as minutes since the epoch
	private volatile long closedThrough = Long.MIN_VALUE;

	/**
	 * The minute of an instant, as minutes since the epoch.
	 * @param instant the instant
	 * @return its minute
	 */
	static long minuteOf(Instant instant) {
		return minuteOf(instant.toEpochMilli());
	}

	/**
	 * The minute of a time in milliseconds since the epoch, as minutes since the epoch.
	 * @param epochMillis the time
	 * @return its minute
	 */
	static long minuteOf(long epochMillis) {
		return Math.floorDiv(epochMillis, MINUTE_MILLIS);
	}

	/**
	 * The start of a minute.
	 * @param minute minutes since the epoch
	 * @return the instant it starts
	 */
	static Instant startOf(long minute) {
		return Instant.ofEpochMilli(minute * MINUTE_MILLIS);
	}

	/**
	 * The counts of a queue and handler in a minute, or in the first minute not taken out
	 * yet if that one was.
	 * @param minute the minute of the event
	 * @param queue the queue
	 * @param handler the handler
	 * @return the counts to add to
	 */
	Counts of(long minute, String queue, String handler) {
		long open = Math.max(minute, this.closedThrough + 1);
		// get first: computeIfAbsent may lock the map's bin even when the key is there
		Key key = new Key(open, queue, handler);
		Counts found = this.counts.get(key);
		return (found != null) ? found : this.counts.computeIfAbsent(key, (added) -> new Counts());
	}

	/**
	 * The latest minute taken out, or known to be written.
	 * @return minutes since the epoch
	 */
	long closedThrough() {
		return this.closedThrough;
	}

	/**
	 * Count nothing more for the minutes up to this one: events of them are counted for
	 * the minute after.
	 * @param minute minutes since the epoch
	 */
	synchronized void closeThrough(long minute) {
		if (minute > this.closedThrough) {
			this.closedThrough = minute;
		}
	}

	/**
	 * Take out the counts of every minute before the given one, which are closed from now
	 * on. Counts of a minute taken out before, made by a thread that read the minutes
	 * taken just before they changed, go to the first minute not taken before: with the
	 * others taken now if that one is closed now too, else back to be counted with it.
	 * @param before the first minute that stays open
	 * @return the rows of the closed minutes that counted anything
	 */
	synchronized List<StatisticsRow> take(long before) {
		long previous = this.closedThrough;
		closeThrough(before - 1);
		long closed = this.closedThrough;
		Map<Key, StatisticsFigures> taken = new HashMap<>();
		for (Map.Entry<Key, Counts> entry : this.counts.entrySet()) {
			Key key = entry.getKey();
			if (key.minute() > closed || !this.counts.remove(key, entry.getValue())) {
				continue;
			}
			StatisticsFigures figures = entry.getValue().figures();
			long minute = Math.max(key.minute(), previous + 1);
			if (minute <= closed) {
				taken.merge(new Key(minute, key.queue(), key.handler()), figures, StatisticsFigures::plus);
			}
			else {
				of(minute, key.queue(), key.handler()).add(figures);
			}
		}
		List<StatisticsRow> rows = new ArrayList<>(taken.size());
		taken.forEach((key, figures) -> {
			if (!figures.isEmpty()) {
				rows.add(new StatisticsRow(startOf(key.minute()), key.queue(), key.handler(), figures));
			}
		});
		return rows;
	}

	/**
	 * Add figures to those of a minute still open.
	 * @param minute minutes since the epoch
	 * @param queue the queue
	 * @param handler the handler
	 * @param figures the figures to add
	 */
	void add(long minute, String queue, String handler, StatisticsFigures figures) {
		of(minute, queue, handler).add(figures);
	}

	/**
	 * A minute, queue and handler.
	 *
	 * @param minute minutes since the epoch
	 * @param queue the queue
	 * @param handler the handler
	 */
	private record Key(long minute, String queue, String handler) {

	}

	/**
	 * The counts of one minute, queue and handler.
	 */
	static final class Counts {

		private final LongAdder enqueued = new LongAdder();

		private final LongAdder succeeded = new LongAdder();

		private final LongAdder failed = new LongAdder();

		private final LongAdder retried = new LongAdder();

		private final LongAdder cancelled = new LongAdder();

		private final LongAdder[] waitTimes = adders();

		private final LongAdder[] runTimes = adders();

		void enqueued() {
			this.enqueued.increment();
		}

		void succeeded(Duration waitTime, Duration runTime) {
			this.succeeded.increment();
			times(waitTime, runTime);
		}

		void failed(Duration waitTime, Duration runTime) {
			this.failed.increment();
			times(waitTime, runTime);
		}

		void retried(Duration waitTime, Duration runTime) {
			this.retried.increment();
			times(waitTime, runTime);
		}

		void cancelled() {
			this.cancelled.increment();
		}

		// where the attempt did not start, or did not run to an outcome here, it has no
		// time to count
		private void times(Duration waitTime, Duration runTime) {
			if (waitTime != null) {
				this.waitTimes[Histograms.bucketOf(waitTime)].increment();
			}
			if (runTime != null) {
				this.runTimes[Histograms.bucketOf(runTime)].increment();
			}
		}

		void add(StatisticsFigures figures) {
			this.enqueued.add(figures.enqueued());
			this.succeeded.add(figures.succeeded());
			this.failed.add(figures.failed());
			this.retried.add(figures.retried());
			this.cancelled.add(figures.cancelled());
			for (int i = 0; i < StatisticsPoint.HISTOGRAM_BUCKETS; i++) {
				this.waitTimes[i].add(figures.waitTimes()[i]);
				this.runTimes[i].add(figures.runTimes()[i]);
			}
		}

		StatisticsFigures figures() {
			long[] waits = new long[StatisticsPoint.HISTOGRAM_BUCKETS];
			long[] runs = new long[StatisticsPoint.HISTOGRAM_BUCKETS];
			for (int i = 0; i < StatisticsPoint.HISTOGRAM_BUCKETS; i++) {
				waits[i] = this.waitTimes[i].sum();
				runs[i] = this.runTimes[i].sum();
			}
			return new StatisticsFigures(this.enqueued.sum(), this.succeeded.sum(), this.failed.sum(),
					this.retried.sum(), this.cancelled.sum(), waits, runs);
		}

		private static LongAdder[] adders() {
			LongAdder[] adders = new LongAdder[StatisticsPoint.HISTOGRAM_BUCKETS];
			for (int i = 0; i < adders.length; i++) {
				adders[i] = new LongAdder();
			}
			return adders;
		}

	}

}
