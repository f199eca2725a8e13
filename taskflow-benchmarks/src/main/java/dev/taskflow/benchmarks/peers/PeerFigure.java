package dev.taskflow.benchmarks.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One measured figure of one system in the comparison: its runs, and their median, min
 * and max.
 *
 * @param system the system
 * @param scenario the scenario
 * @param variant the variant within the scenario
 * @param metric what was measured
 * @param runs the value of each measured run
 * @author TaskFlow
 */
public record PeerFigure(String system, String scenario, String variant, String metric, List<Double> runs) {

	/**
	 * The median of the runs.
	 * @return the median
	 */
	public double median() {
		List<Double> sorted = new ArrayList<>(this.runs);
		sorted.sort(null);
		int size = sorted.size();
		return (size % 2 == 1) ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
	}

	/**
	 * The unit of the metric.
	 * @return {@code jobs/s}, {@code µs/job} (CPU time) or {@code ms}
	 */
	public String unit() {
		if (this.metric.endsWith("_us_per_job")) {
			return "µs/job";
		}
		return this.metric.startsWith("jobs_per_s") ? "jobs/s" : "ms";
	}

	/**
	 * Whether a larger value is better (throughput) or a smaller one (times).
	 * @return true for throughput
	 */
	boolean higherIsBetter() {
		return this.unit().equals("jobs/s");
	}

	String json() {
		return String.format(Locale.ROOT,
				"{\"type\":\"peer_figure\",\"system\":\"%s\",\"scenario\":\"%s\",\"variant\":\"%s\",\"metric\":\"%s\","
						+ "\"unit\":\"%s\",\"median\":%.3f,\"min\":%.3f,\"max\":%.3f,\"runs\":%s}",
				this.system, this.scenario, this.variant, this.metric, unit(), median(),
				this.runs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
				this.runs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
				this.runs.stream().map((run) -> String.format(Locale.ROOT, "%.3f", run)).toList());
	}

}
