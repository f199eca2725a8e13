package dev.taskflow.benchmarks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.sun.management.OperatingSystemMXBean;

import org.springframework.util.Assert;

import dev.taskflow.benchmarks.Scenarios.Sizes;
import dev.taskflow.benchmarks.Scenarios.WorkflowLoad;

/**
 * Runs the benchmark scenarios and prints one JSON line per figure, then a table.
 * <p>
 * Arguments: {@code --mariadb} and {@code --h2} add those databases to PostgreSQL
 * ({@code --no-postgresql} drops it); {@code --smoke} runs every scenario once, tiny;
 * {@code --only=drain,enqueue_batch} picks scenarios; {@code --peers} runs TaskFlow side
 * by side with db-scheduler and JobRunr on PostgreSQL ({@link TaskFlowContender}).
 * {@code dashboard_api} on H2 needs {@code -Xmx4g}: its million jobs live in this JVM.
 *
 * @author TaskFlow
 */
public final class Benchmarks {

	static final List<String> SCENARIOS = List.of("enqueue_single", "enqueue_batch", "drain", "e2e_latency",
			"idle_cost", "deep_backlog", "cluster_drain", "delay_precision", "deep_history", "dashboard_api",
			"workflow", "long_running", "autoscaling");

	private final PrintStream out;

	private final Sizes sizes;

	private final List<Figure> figures = new ArrayList<>();

	Benchmarks(PrintStream out, Sizes sizes) {
		this.out = out;
		this.sizes = sizes;
	}

	public static void main(String[] args) throws Exception {
		Set<BenchDatabase> databases = new LinkedHashSet<>(List.of(BenchDatabase.POSTGRESQL));
		Set<String> scenarios = new LinkedHashSet<>(SCENARIOS);
		boolean smoke = false;
		boolean peers = false;
		for (String arg : args) {
			if (arg.equals("--mariadb")) {
				databases.add(BenchDatabase.MARIADB);
			}
			else if (arg.equals("--h2")) {
				databases.add(BenchDatabase.H2);
			}
			else if (arg.equals("--no-postgresql")) {
				databases.remove(BenchDatabase.POSTGRESQL);
			}
			else if (arg.equals("--smoke")) {
				smoke = true;
			}
			else if (arg.equals("--peers")) {
				peers = true;
			}
			else if (arg.startsWith("--only=")) {
				scenarios = new LinkedHashSet<>(List.of(arg.substring("--only=".length()).split(",")));
				if (!SCENARIOS.containsAll(scenarios)) {
					throw new IllegalArgumentException("Unknown scenario in " + arg + "; known: " + SCENARIOS);
				}
			}
			else {
				throw new IllegalArgumentException("Unknown argument '" + arg
						+ "'; use --mariadb, --h2, --no-postgresql, --smoke, --peers, --only=a,b");
			}
		}
		if (peers) {
			Assert.isTrue(databases.equals(Set.of(BenchDatabase.POSTGRESQL)), "'--peers' runs on PostgreSQL only");
			TaskFlowContender.compare(System.out, smoke ? Sizes.smoke() : Sizes.full(), scenarios);
			System.exit(0);
		}
		new Benchmarks(System.out, smoke ? Sizes.smoke() : Sizes.full()).run(databases, scenarios);
		System.exit(0);
	}

	List<Figure> run(Set<BenchDatabase> databases, Set<String> scenarios) throws Exception {
		for (BenchDatabase database : databases) {
			this.out.println(environment(database));
			Scenarios runner = new Scenarios(database, this.sizes);
			for (String scenario : scenarios) {
				runScenario(database, runner, scenario);
			}
		}
		this.out.println();
		this.out.println(Figure.header());
		this.figures.forEach((figure) -> this.out.println(figure.row()));
		return this.figures;
	}

	private void runScenario(BenchDatabase database, Scenarios runner, String scenario) throws Exception {
		switch (scenario) {
			case "enqueue_single" -> {
				measure(database, scenario, "producers=1", () -> runner.enqueueSingle(1));
				measure(database, scenario, "producers=4", () -> runner.enqueueSingle(4));
			}
			case "enqueue_batch" ->
				measure(database, scenario, "batch=" + this.sizes.batchSize(), runner::enqueueBatch);
			case "drain" -> {
				measure(database, scenario, "threads=2", () -> runner.drain(2));
				measure(database, scenario, "threads=10 (default)", () -> runner.drain(10));
			}
			case "e2e_latency" -> {
				measure(database, scenario, "same node", () -> runner.endToEndLatency(false));
				if (database.isSharedAcrossProcesses()) {
					measure(database, scenario, "across nodes", () -> runner.endToEndLatency(true));
				}
			}
			case "delay_precision" -> {
				measure(database, scenario, "same node", () -> runner.delayPrecision(false));
				if (database.isSharedAcrossProcesses()) {
					measure(database, scenario, "across nodes", () -> runner.delayPrecision(true));
				}
			}
			case "idle_cost" -> measure(database, scenario, "one idle node", runner::idleCost);
			case "deep_backlog" ->
				measure(database, scenario, this.sizes.backlogJobs() + " delayed", runner::deepBacklog);
			case "cluster_drain" -> {
				if (database.isSharedAcrossProcesses()) {
					for (int nodes = 1; nodes <= ((this.sizes.runs() > 1) ? 3 : 2); nodes++) {
						int count = nodes;
						measure(database, scenario, "nodes=" + nodes + " (JVMs)", () -> runner.clusterDrain(count));
					}
				}
			}
			case "deep_history" -> {
				// a few million rows: not in an in-memory database
				if (database != BenchDatabase.H2) {
					DeepHistory.Size size = this.sizes.history();
					report(database, scenario, size.finished() + " finished + " + size.pending() + " due",
							runner.deepHistory());
				}
			}
			case "dashboard_api" -> {
				DashboardApi.Size size = this.sizes.dashboardApi();
				report(database, scenario, size.finished() + " finished + " + size.pending() + " due",
						runner.dashboardApi());
			}
			case "workflow" -> {
				WorkflowLoad load = this.sizes.workflow();
				String duration = load.producers() + " producers, " + load.chainDuration().toSeconds() + " s";
				// -Dtaskflow.bench.workflow.parts=chains runs one part alone (while
				// tuning it)
				Set<String> parts = Set
					.of(System.getProperty("taskflow.bench.workflow.parts", "fan-out,chains,plain").split(","));
				if (parts.contains("fan-out")) {
					measure(database, scenario, "fan-out " + load.spawnedJobs() + ", threads=10",
							runner::workflowFanOut);
				}
				if (parts.contains("chains")) {
					measure(database, scenario, "chains " + load.chainRate() + "/s, " + duration,
							runner::workflowChains);
				}
				if (parts.contains("plain")) {
					measure(database, scenario, "plain jobs " + 3 * load.chainRate() + "/s, " + duration,
							runner::workflowPlainJobs);
				}
			}
			case "long_running" -> measureInTurn(database, scenario, runner::longRunning);
			// a line of JSON per run and variant with the pool's size over time
			case "autoscaling" -> measureInTurn(database, scenario, () -> runner.autoscaling(this.out::println));
			default -> throw new IllegalArgumentException("Unknown scenario " + scenario);
		}
	}

	private void measure(BenchDatabase database, String scenario, String variant, Run run) throws Exception {
		// -Dtaskflow.bench.warmups and -Dtaskflow.bench.runs override the sizes' counts
		for (int i = 0; i < Integer.getInteger("taskflow.bench.warmups", this.sizes.warmups()); i++) {
			run.run();
		}
		Map<String, List<Double>> values = new LinkedHashMap<>();
		for (int i = 0; i < Integer.getInteger("taskflow.bench.runs", this.sizes.runs()); i++) {
			run.run().forEach((metric, value) -> values.computeIfAbsent(metric, (key) -> new ArrayList<>()).add(value));
		}
		report(database, scenario, variant, values);
	}

	// a scenario whose every run runs each of its variants in turn, so that a machine
	// that
	// slows down during the measurement slows them all alike
	private void measureInTurn(BenchDatabase database, String scenario, VariantsRun run) throws Exception {
		for (int i = 0; i < Integer.getInteger("taskflow.bench.warmups", this.sizes.warmups()); i++) {
			run.run();
		}
		Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
		for (int i = 0; i < Integer.getInteger("taskflow.bench.runs", this.sizes.runs()); i++) {
			run.run()
				.forEach((variant, figures) -> figures
					.forEach((metric, value) -> values.computeIfAbsent(variant, (key) -> new LinkedHashMap<>())
						.computeIfAbsent(metric, (key) -> new ArrayList<>())
						.add(value)));
		}
		values.forEach((variant, metrics) -> report(database, scenario, variant, metrics));
	}

	// one run of a scenario that repeats inside itself what it measures
	private void report(BenchDatabase database, String scenario, String variant, Map<String, List<Double>> values) {
		values.forEach((metric, runs) -> {
			Figure figure = new Figure(database, scenario, variant, metric, unit(metric), runs);
			this.figures.add(figure);
			this.out.println(figure.json());
		});
	}

	private static String unit(String metric) {
		if (metric.contains("threads")) {
			return "threads";
		}
		if (metric.equals("pool_changes")) {
			return "changes";
		}
		if (metric.endsWith("statements_per_job")) {
			return "stmt/job";
		}
		if (metric.endsWith("round_trips_per_job")) {
			return "trips/job";
		}
		if (metric.startsWith("chains_per_s")) {
			return "chains/s";
		}
		if (metric.endsWith("_ratio")) {
			return "x";
		}
		if (metric.startsWith("jobs_per_s") || metric.startsWith("drain_jobs_per_s")) {
			return "jobs/s";
		}
		if (metric.endsWith("_us_per_job")) {
			return "µs/job";
		}
		if (metric.endsWith("_rows_per_s")) {
			return "rows/s";
		}
		if (metric.endsWith("_ms") || metric.contains("_ms_")) {
			return "ms";
		}
		if (metric.startsWith("heap") || metric.endsWith("_mib")) {
			return "MiB";
		}
		if (metric.equals("started_early")) {
			return "jobs";
		}
		if (metric.startsWith("statements")) {
			return "stmt/s";
		}
		if (metric.endsWith("_s")) {
			return "s";
		}
		if (metric.endsWith("_pct")) {
			return "%";
		}
		return metric.endsWith("_rows") ? "rows" : "";
	}

	private static String environment(BenchDatabase database) {
		OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		return String.format(Locale.ROOT,
				"{\"type\":\"environment\",\"database\":\"%s\",\"database_version\":\"%s\",\"cores\":%d,"
						+ "\"memory_gib\":%.1f,\"java\":\"%s\",\"os\":\"%s %s\",\"taskflow_settings\":\"defaults"
						+ " (worker.threads=10, poll-interval=1s, lease=30s) unless the variant says otherwise\"}",
				database.name().toLowerCase(Locale.ROOT), database.version().replace("\"", "'"),
				Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize() / 1024.0 / 1024 / 1024,
				System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.version"));
	}

	@FunctionalInterface
	interface Run {

		Map<String, Double> run() throws Exception;

	}

	@FunctionalInterface
	interface VariantsRun {

		Map<String, Map<String, Double>> run() throws Exception;

	}

}
