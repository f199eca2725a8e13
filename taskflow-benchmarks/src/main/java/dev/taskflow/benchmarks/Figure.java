package dev.taskflow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One measured figure: its runs, and their median, min and max.
 *
 * @param database the database
 * @param scenario the scenario
 * @param variant the variant within the scenario
 * @param metric what was measured
 * @param unit the unit
 * @param runs the value of each measured run
 * @author TaskFlow
 */
record Figure(BenchDatabase database, String scenario, String variant, String metric, String unit, List<Double> runs) {

	double median() {
		List<Double> sorted = new ArrayList<>(this.runs);
		sorted.sort(null);
		int size = sorted.size();
		return (size % 2 == 1) ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
	}

	double min() {
		return this.runs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
	}

	double max() {
		return this.runs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
	}

	String json() {
		return String.format(Locale.ROOT,
				"{\"type\":\"figure\",\"database\":\"%s\",\"scenario\":\"%s\",\"variant\":\"%s\",\"metric\":\"%s\","
						+ "\"unit\":\"%s\",\"median\":%.3f,\"min\":%.3f,\"max\":%.3f,\"runs\":%s}",
				this.database.name().toLowerCase(Locale.ROOT), this.scenario, this.variant, this.metric, this.unit,
				median(), min(), max(),
				this.runs.stream().map((run) -> String.format(Locale.ROOT, "%.3f", run)).toList());
	}

	String row() {
		return String.format(Locale.ROOT, "| %-10s | %-14s | %-22s | %-22s | %12s | %12s | %12s | %-8s |",
				this.database.name().toLowerCase(Locale.ROOT), this.scenario, this.variant, this.metric,
				format(median()), format(min()), format(max()), this.unit);
	}

	static String header() {
		return String.format(Locale.ROOT, "| %-10s | %-14s | %-22s | %-22s | %12s | %12s | %12s | %-8s |%n", "database",
				"scenario", "variant", "metric", "median", "min", "max", "unit")
				+ "| --- | --- | --- | --- | ---: | ---: | ---: | --- |";
	}

	private static String format(double value) {
		return (Math.abs(value) >= 100) ? String.format(Locale.ROOT, "%,.0f", value)
				: String.format(Locale.ROOT, "%.2f", value);
	}

}
