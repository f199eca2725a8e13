package dev.taskflow.benchmarks.peers;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs TaskFlow and its peers through the scenarios they share, alternating (TaskFlow,
 * db-scheduler, JobRunr, then again for the next run) so that a machine that slows down
 * during the run slows every system alike; prints one JSON line per figure and system,
 * then a table of medians with TaskFlow's ratio to the best peer and to each peer.
 * <p>
 * Each peer works in a database of its own on TaskFlow's server, created here and dropped
 * at the end, its tables emptied before every run as TaskFlow's are.
 *
 * @author TaskFlow
 */
public final class PeerComparison {

	/**
	 * The scenarios the peers share with TaskFlow; the others (idle cost, deep backlog,
	 * cluster drain) measure TaskFlow alone.
	 */
	public static final List<String> SCENARIOS = List.of("enqueue_single", "enqueue_batch", "drain", "e2e_latency");

	private final PrintStream out;

	private final Workload workload;

	private final Server server;

	private final List<PeerFigure> figures = new ArrayList<>();

	/**
	 * Creates a comparison.
	 * @param out where figures and the table go
	 * @param workload the size of each scenario
	 * @param server the PostgreSQL server, with TaskFlow's benchmark database
	 */
	public PeerComparison(PrintStream out, Workload workload, Server server) {
		this.out = out;
		this.workload = workload;
		this.server = server;
	}

	/**
	 * Runs the chosen scenarios that the peers share.
	 * @param taskFlow TaskFlow, run as in the plain benchmark
	 * @param scenarios the scenarios to run; others than {@link #SCENARIOS} are left out
	 * @return every figure of every system
	 * @throws Exception if a run fails
	 */
	public List<PeerFigure> run(Contender taskFlow, Set<String> scenarios) throws Exception {
		List<String> chosen = SCENARIOS.stream().filter(scenarios::contains).toList();
		if (chosen.isEmpty()) {
			throw new IllegalArgumentException("The peers share only " + SCENARIOS + " with TaskFlow");
		}
		PeerSupport.quietLogging();
		try (DbSchedulerContender dbScheduler = DbSchedulerContender.create(this.server, this.workload);
				JobRunrContender jobRunr = JobRunrContender.create(this.server, this.workload)) {
			List<Contender> contenders = List.of(taskFlow, dbScheduler, jobRunr);
			this.out.println(environment(contenders));
			for (String scenario : chosen) {
				runScenario(contenders, scenario);
			}
			this.out.println();
			this.out.println(table(contenders));
		}
		return this.figures;
	}

	private void runScenario(List<Contender> contenders, String scenario) throws Exception {
		switch (scenario) {
			case "enqueue_single" -> measure(contenders, scenario, "producers=1", Contender::enqueueSingle);
			case "enqueue_batch" ->
				measure(contenders, scenario, "batch=" + this.workload.batchSize(), Contender::enqueueBatch);
			case "drain" -> {
				measure(contenders, scenario, "threads=2", (contender) -> contender.drain(2));
				measure(contenders, scenario, "threads=default",
						(contender) -> contender.drain(contender.defaultThreads()));
			}
			case "e2e_latency" -> {
				measure(contenders, scenario, "same node", (contender) -> contender.endToEndLatency(false));
				measure(contenders, scenario, "across nodes", (contender) -> contender.endToEndLatency(true));
			}
			default -> throw new IllegalArgumentException("Unknown scenario " + scenario);
		}
	}

	private void measure(List<Contender> contenders, String scenario, String variant, Run run) throws Exception {
		for (int i = 0; i < this.workload.warmups(); i++) {
			for (Contender contender : contenders) {
				run.run(contender);
			}
		}
		Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
		for (int i = 0; i < this.workload.runs(); i++) {
			for (Contender contender : contenders) {
				Map<String, List<Double>> metrics = values.computeIfAbsent(contender.name(),
						(name) -> new LinkedHashMap<>());
				run.run(contender)
					.forEach((metric, value) -> metrics.computeIfAbsent(metric, (key) -> new ArrayList<>()).add(value));
			}
		}
		values.forEach((system, metrics) -> metrics.forEach((metric, runs) -> {
			PeerFigure figure = new PeerFigure(system, scenario, variant, metric, runs);
			this.figures.add(figure);
			this.out.println(figure.json());
		}));
	}

	/**
	 * The medians side by side; a ratio is TaskFlow's median over the peer's, so above 1
	 * is better for jobs/s and below 1 is better for ms.
	 */
	String table(List<Contender> contenders) {
		Contender taskFlow = contenders.get(0);
		List<Contender> peers = contenders.subList(1, contenders.size());
		StringBuilder table = new StringBuilder();
		table.append("| scenario | variant | metric | unit | ")
			.append(contenders.stream().map(Contender::name).collect(Collectors.joining(" | ")))
			.append(" | ")
			.append(taskFlow.name())
			.append(" / best peer | ")
			.append(peers.stream()
				.map((peer) -> taskFlow.name() + " / " + peer.name())
				.collect(Collectors.joining(" | ")))
			.append(" |\n| --- | --- | --- | --- |")
			.append(" ---: |".repeat(contenders.size() * 2))
			.append('\n');
		Map<String, Map<String, PeerFigure>> rows = new LinkedHashMap<>();
		for (PeerFigure figure : this.figures) {
			String row = figure.scenario() + " | " + figure.variant() + " | " + figure.metric() + " | " + figure.unit();
			rows.computeIfAbsent(row, (key) -> new LinkedHashMap<>()).put(figure.system(), figure);
		}
		rows.forEach((row, bySystem) -> {
			PeerFigure ours = bySystem.get(taskFlow.name());
			table.append("| ").append(row);
			for (Contender contender : contenders) {
				PeerFigure figure = bySystem.get(contender.name());
				table.append(" | ").append((figure != null) ? format(figure.median()) : "");
			}
			PeerFigure best = null;
			for (Contender peer : peers) {
				PeerFigure figure = bySystem.get(peer.name());
				if (figure != null && (best == null || (figure.higherIsBetter() ? figure.median() > best.median()
						: figure.median() < best.median()))) {
					best = figure;
				}
			}
			table.append(" | ").append(ratio(ours, best));
			if (best != null) {
				table.append(" (").append(best.system()).append(')');
			}
			for (Contender peer : peers) {
				table.append(" | ").append(ratio(ours, bySystem.get(peer.name())));
			}
			table.append(" |\n");
		});
		table.append("\nDefault threads: ")
			.append(contenders.stream()
				.map((contender) -> contender.name() + " " + contender.defaultThreads())
				.collect(Collectors.joining(", ")))
			.append(". A ratio is ")
			.append(taskFlow.name())
			.append("'s median over the peer's: above 1 is better for jobs/s, below 1 for ms.");
		return table.toString();
	}

	private String environment(List<Contender> contenders) throws Exception {
		String version;
		try (Connection connection = DriverManager.getConnection(this.server.url(), this.server.username(),
				this.server.password());
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT version()")) {
			result.next();
			version = result.getString(1);
		}
		return String.format(Locale.ROOT,
				"{\"type\":\"peer_environment\",\"database_version\":\"%s\",\"cores\":%d,\"java\":\"%s\","
						+ "\"warmups\":%d,\"runs\":%d,\"systems\":[%s]}",
				json(version), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
				this.workload.warmups(), this.workload.runs(),
				contenders.stream()
					.map((contender) -> String.format(Locale.ROOT,
							"{\"name\":\"%s\",\"default_threads\":%d,\"settings\":\"%s\"}", contender.name(),
							contender.defaultThreads(), json(contender.settings())))
					.collect(Collectors.joining(",")));
	}

	private static String json(String text) {
		return text.replace("\\", "\\\\").replace("\"", "'");
	}

	private static String ratio(PeerFigure ours, PeerFigure theirs) {
		if (ours == null || theirs == null || theirs.median() == 0) {
			return "";
		}
		double ratio = ours.median() / theirs.median();
		// two significant digits where two decimals would read 0.00 (milliseconds against
		// seconds of polling)
		return ((ratio >= 0.1) ? String.format(Locale.ROOT, "%.2f", ratio)
				: new BigDecimal(ratio).round(new MathContext(2)).toPlainString()) + "×";
	}

	private static String format(double value) {
		return (Math.abs(value) >= 100) ? String.format(Locale.ROOT, "%,.0f", value)
				: String.format(Locale.ROOT, "%.2f", value);
	}

	@FunctionalInterface
	private interface Run {

		Map<String, Double> run(Contender contender) throws Exception;

	}

}
