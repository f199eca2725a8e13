package dev.taskflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Statistics of jobs per minute, for charts of throughput, failures and wait and run time
 * percentiles over the last hour, day or week: what was enqueued, succeeded, failed,
 * retried and cancelled, and how long the attempts waited and ran (see
 * {@link StatisticsPoint}).
 * <p>
 * Each node counts what happens on it in memory, by minute, queue and handler, and writes
 * a minute's counts to the table {@code taskflow_statistics} once the minute is over (5
 * to 15 seconds after its end), in one statement for all its counts; a stopping node
 * writes what it still holds. The reads here sum those rows: they never count over the
 * job table, and read only the minutes of their window. So <b>the current minute, and for
 * a few seconds the one before, are not in them yet</b>: a chart up to now shows the last
 * minute or two as they are written. Minutes are those of each node's clock (or of the
 * application's {@link TaskFlowClock}). Rows are kept for
 * {@code spring.taskflow.statistics.retention} (8 days by default); nodes with
 * {@code spring.taskflow.statistics.enabled=false} write none, but may read.
 * <p>
 * A window runs from {@code from}, rounded down to its minute, to {@code to}, exclusive,
 * rounded up to a whole minute: a point covers the minutes that start in its span.
 *
 * @author TaskFlow
 * @see TaskFlow#statistics()
 */
public interface Statistics {

	/**
	 * The most points one series may have: a week of minutes.
	 */
	int MAX_POINTS = 10_080;

	/**
	 * Jobs of every queue and handler on every node, one point per step from {@code from}
	 * to {@code to}. Every step has its point, with zeros where nothing happened (or
	 * nothing is written yet), so a chart has no gaps; the last point is shorter when the
	 * window is not a whole number of steps.
	 *
	 * <pre class="code">
	 * Instant now = Instant.now();
	 * Duration hour = Duration.ofHours(1);
	 * List&lt;StatisticsPoint&gt; lastHour = statistics.series(now.minus(hour), now, Duration.ofMinutes(1));
	 * List&lt;StatisticsPoint&gt; lastWeek = statistics.series(now.minus(Duration.ofDays(7)), now, hour);
	 * </pre>
	 * @param from the start of the window, rounded down to its minute
	 * @param to the end of the window, exclusive, after {@code from}
	 * @param step the span of each point: a whole number of minutes, at least one
	 * @return the points, oldest first
	 * @throws IllegalArgumentException if an argument is missing, the step is not a whole
	 * number of minutes, {@code to} is not after {@code from}, or the series would have
	 * more than {@value #MAX_POINTS} points
	 */
	List<StatisticsPoint> series(Instant from, Instant to, Duration step);

	/**
	 * Jobs of one queue, of every handler on every node, one point per step; as
	 * {@link #series(Instant, Instant, Duration)}.
	 * @param from the start of the window, rounded down to its minute
	 * @param to the end of the window, exclusive, after {@code from}
	 * @param step the span of each point: a whole number of minutes, at least one
	 * @param queue the queue name
	 * @return the points, oldest first
	 * @throws IllegalArgumentException if an argument is missing or invalid, as for
	 * {@link #series(Instant, Instant, Duration)}, or the queue name is empty or longer
	 * than {@value JobRequest#MAX_QUEUE_LENGTH} characters
	 */
	List<StatisticsPoint> series(Instant from, Instant to, Duration step, String queue);

	/**
	 * Jobs by queue over a whole window, of every handler on every node: one point per
	 * queue that had anything happen in it, spanning the window. For a throughput per
	 * queue, {@code point.perMinute(point.succeeded())}.
	 * @param from the start of the window, rounded down to its minute
	 * @param to the end of the window, exclusive, after {@code from}
	 * @return a point per queue, by queue name in order
	 * @throws IllegalArgumentException if an argument is missing or {@code to} is not
	 * after {@code from}
	 */
	Map<String, StatisticsPoint> byQueue(Instant from, Instant to);

}
