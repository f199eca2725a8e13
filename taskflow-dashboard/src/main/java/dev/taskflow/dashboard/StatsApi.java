package dev.taskflow.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.taskflow.StatisticsPoint;
import dev.taskflow.TaskFlow;

/**
 * The charts of the API: throughput, failures and wait and run time percentiles over the
 * last hour, 24 hours or 7 days, read from TaskFlow's per-minute statistics (never from
 * the job table).
 *
 * @author TaskFlow
 */
final class StatsApi {

	private static final Map<String, Range> RANGES = Map.of("1h", new Range(Duration.ofHours(1), Duration.ofMinutes(1)),
			"24h", new Range(Duration.ofHours(24), Duration.ofMinutes(15)), "7d",
			new Range(Duration.ofDays(7), Duration.ofHours(1)));

	private final TaskFlow taskFlow;

	StatsApi(TaskFlow taskFlow) {
		this.taskFlow = taskFlow;
	}

	ServerResponse stats(ServerRequest request) {
		String name = request.param("range").orElse("1h");
		Range range = RANGES.get(name);
		if (range == null) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "'range' must be one of 1h, 24h or 7d, was '" + name + "'");
		}
		// up to the minute now running, which no node has written yet: a chart that ended
		// in it would drop to zero at its end
		Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES);
		Instant from = to.minus(range.length());
		String queue = request.param("queue").filter(StringUtils::hasText).orElse(null);
		List<StatisticsPoint> points = (queue != null)
				? this.taskFlow.statistics().series(from, to, range.step(), queue)
				: this.taskFlow.statistics().series(from, to, range.step());
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("range", name);
		json.put("queue", queue);
		json.put("bucketSeconds", range.step().toSeconds());
		json.put("points", points.stream().map(StatsApi::point).toList());
		return Responses.ok(json);
	}

	private static Map<String, Object> point(StatisticsPoint point) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("time", point.start());
		json.put("enqueued", point.enqueued());
		json.put("succeeded", point.succeeded());
		json.put("failed", point.failed());
		json.put("retried", point.retried());
		json.put("cancelled", point.cancelled());
		json.put("waitP50Ms", millis(point.waitTime(0.5)));
		json.put("waitP95Ms", millis(point.waitTime(0.95)));
		json.put("waitP99Ms", millis(point.waitTime(0.99)));
		json.put("runP50Ms", millis(point.runTime(0.5)));
		json.put("runP95Ms", millis(point.runTime(0.95)));
		json.put("runP99Ms", millis(point.runTime(0.99)));
		return json;
	}

	private static Double millis(Optional<Duration> duration) {
		return duration.map((value) -> value.toNanos() / 1_000_000.0).orElse(null);
	}

	private record Range(Duration length, Duration step) {

	}

}
