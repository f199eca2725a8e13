package dev.taskflow.benchmarks;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.taskflow.benchmarks.Scenarios.Sizes;
import dev.taskflow.benchmarks.peers.Contender;
import dev.taskflow.benchmarks.peers.PeerComparison;
import dev.taskflow.benchmarks.peers.PeerFigure;
import dev.taskflow.benchmarks.peers.Server;
import dev.taskflow.benchmarks.peers.Workload;

/**
 * TaskFlow in the comparison with its peers: the very scenarios of the plain benchmark,
 * on PostgreSQL.
 *
 * @author TaskFlow
 */
final class TaskFlowContender implements Contender {

	/** {@code spring.taskflow.worker.threads}. */
	private static final int DEFAULT_THREADS = 10;

	private final Scenarios scenarios;

	private TaskFlowContender(Scenarios scenarios) {
		this.scenarios = scenarios;
	}

	/**
	 * {@code --peers}: TaskFlow against db-scheduler and JobRunr, on PostgreSQL.
	 */
	static List<PeerFigure> compare(PrintStream out, Sizes sizes, Set<String> scenarios) throws Exception {
		BenchDatabase database = BenchDatabase.POSTGRESQL;
		Map<String, String> properties = database.properties();
		Server server = new Server(database.url(), properties.get("spring.datasource.username"),
				properties.get("spring.datasource.password"));
		Workload workload = new Workload(sizes.enqueueJobs(), sizes.batchSize(), sizes.drainJobs(), sizes.latencyRate(),
				sizes.latencyDuration(), sizes.warmups(), sizes.runs());
		return new PeerComparison(out, workload, server).run(new TaskFlowContender(new Scenarios(database, sizes)),
				scenarios);
	}

	@Override
	public String name() {
		return "TaskFlow";
	}

	@Override
	public int defaultThreads() {
		return DEFAULT_THREADS;
	}

	@Override
	public String settings() {
		return "defaults (worker.threads=10, worker.prefetch=10, worker.poll-interval=1s, worker.lease=30s),"
				+ " LISTEN/NOTIFY wake-ups; HikariCP defaults (10 connections)";
	}

	@Override
	public Map<String, Double> enqueueSingle() throws Exception {
		return this.scenarios.enqueueSingle(1);
	}

	@Override
	public Map<String, Double> enqueueBatch() {
		return this.scenarios.enqueueBatch();
	}

	@Override
	public Map<String, Double> drain(int threads) {
		return this.scenarios.drain(threads);
	}

	@Override
	public Map<String, Double> endToEndLatency(boolean acrossNodes) throws Exception {
		return this.scenarios.endToEndLatency(acrossNodes);
	}

}
