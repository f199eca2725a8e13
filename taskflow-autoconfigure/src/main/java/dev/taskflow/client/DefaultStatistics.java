package dev.taskflow.client;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import org.springframework.util.Assert;

import dev.taskflow.JobRequest;
import dev.taskflow.Statistics;
import dev.taskflow.StatisticsPoint;
import dev.taskflow.store.StatisticsFigures;
import dev.taskflow.store.StatisticsStore;

/**
 * Reads the per-minute statistics every node writes: one grouped query per call, by
 * minute for a series (folded into its steps here, with a point of zeros for each step
 * without rows) or by queue.
 *
 * @author TaskFlow
 */
final class DefaultStatistics implements Statistics {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private final StatisticsStore store;

	DefaultStatistics(StatisticsStore store) {
		this.store = store;
	}

	@Override
	public List<StatisticsPoint> series(Instant from, Instant to, Duration step) {
		return series(Window.of(from, to), checkedStep(step), null);
	}

	@Override
	public List<StatisticsPoint> series(Instant from, Instant to, Duration step, String queue) {
		Window window = Window.of(from, to);
		long stepMinutes = checkedStep(step);
		Assert.hasText(queue, "'queue' must not be empty");
		Assert.isTrue(queue.length() <= JobRequest.MAX_QUEUE_LENGTH, () -> "'queue' must be at most "
				+ JobRequest.MAX_QUEUE_LENGTH + " characters (no queue has a longer name), was " + queue.length());
		return series(window, stepMinutes, queue);
	}

	private List<StatisticsPoint> series(Window window, long stepMinutes, String queue) {
		long minutes = window.minutes();
		long points = (minutes + stepMinutes - 1) / stepMinutes;
		if (points > MAX_POINTS) {
			long shortestStep = (minutes + MAX_POINTS - 1) / MAX_POINTS;
			throw new IllegalArgumentException("A series from " + window.start() + " to " + window.end()
					+ " with a step of " + describe(stepMinutes) + " would have " + points + " points, more than the "
					+ MAX_POINTS + " allowed: choose a step of at least " + describe(shortestStep)
					+ ", or a shorter window");
		}
		NavigableMap<Instant, StatisticsFigures> byMinute = this.store.sumByMinute(window.start(), window.end(), queue);
		List<StatisticsPoint> series = new ArrayList<>((int) points);
		Duration step = Duration.ofMinutes(stepMinutes);
		for (long i = 0; i < points; i++) {
			Instant start = window.start().plus(step.multipliedBy(i));
			Instant end = min(start.plus(step), window.end());
			StatisticsFigures sum = StatisticsFigures.none();
			for (StatisticsFigures figures : byMinute.subMap(start, end).values()) {
				sum = sum.plus(figures);
			}
			series.add(point(start, Duration.between(start, end), sum));
		}
		return Collections.unmodifiableList(series);
	}

	@Override
	public Map<String, StatisticsPoint> byQueue(Instant from, Instant to) {
		Window window = Window.of(from, to);
		Duration length = Duration.ofMinutes(window.minutes());
		Map<String, StatisticsPoint> points = new LinkedHashMap<>();
		this.store.sumByQueue(window.start(), window.end())
			.forEach((queue, figures) -> points.put(queue, point(window.start(), length, figures)));
		return Collections.unmodifiableMap(points);
	}

	private static StatisticsPoint point(Instant start, Duration length, StatisticsFigures figures) {
		return new StatisticsPoint(start, length, figures.enqueued(), figures.succeeded(), figures.failed(),
				figures.retried(), figures.cancelled(), figures.waitTimes(), figures.runTimes());
	}

	private static long checkedStep(Duration step) {
		Assert.notNull(step, "'step' must not be null");
		if (step.compareTo(MINUTE) < 0 || !step.equals(Duration.ofMinutes(step.toMinutes()))) {
			throw new IllegalArgumentException("'step' must be a whole number of minutes, at least one (such as"
					+ " PT1M, PT5M or PT1H), was " + step + ": each node writes its statistics by the minute");
		}
		return step.toMinutes();
	}

	private static String describe(long minutes) {
		return (minutes % 60 == 0) ? (minutes / 60) + "h" : minutes + "m";
	}

	private static Instant min(Instant one, Instant other) {
		return one.isBefore(other) ? one : other;
	}

	/**
	 * The whole minutes of a window: from the minute of {@code from} up to {@code to},
	 * rounded up to the minute.
	 *
	 * @param start the first minute
	 * @param end the end, exclusive, at a whole minute
	 */
	private record Window(Instant start, Instant end) {

		static Window of(Instant from, Instant to) {
			Assert.notNull(from, "'from' must not be null");
			Assert.notNull(to, "'to' must not be null");
			Assert.isTrue(to.isAfter(from),
					() -> "'to' must be after 'from', was from " + from + " to " + to + ": pass the window's start"
							+ " first, such as series(now.minus(Duration.ofHours(1)), now, Duration.ofMinutes(1))");
			Instant start = from.truncatedTo(ChronoUnit.MINUTES);
			Instant end = to.truncatedTo(ChronoUnit.MINUTES);
			return new Window(start, end.equals(to) ? end : end.plus(MINUTE));
		}

		long minutes() {
			return Duration.between(this.start, this.end).toMinutes();
		}

	}

}
