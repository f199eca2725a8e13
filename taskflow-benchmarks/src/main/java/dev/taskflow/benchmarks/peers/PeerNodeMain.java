package dev.taskflow.benchmarks.peers;

import java.util.Locale;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The main class of a peer's worker in a JVM of its own: starts the peer's worker with
 * its default threads, prints {@code READY}, and when its standard input closes stops the
 * worker and prints the latencies it measured. Arguments are
 * {@code peer url username password}.
 *
 * @author TaskFlow
 */
public final class PeerNodeMain {

	static final String READY = "READY";

	static final String RESULT = "RESULT ";

	private PeerNodeMain() {
	}

	public static void main(String[] args) throws Exception {
		PeerSupport.quietLogging();
		String peer = args[0];
		Timings timings = new Timings();
		try (HikariDataSource pool = PeerDatabase.pool(args[1], args[2], (args.length > 3) ? args[3] : "")) {
			AutoCloseable worker = switch (peer) {
				case DbSchedulerContender.NAME ->
					DbSchedulerContender.startScheduler(pool, DbSchedulerContender.DEFAULT_THREADS, timings)::stop;
				case JobRunrContender.NAME -> JobRunrContender.startServer(pool, timings);
				default -> throw new IllegalArgumentException("Unknown peer " + peer);
			};
			PeerSupport.sleep(PeerSupport.SETTLE);
			System.out.println(READY);
			System.out.flush();
			while (System.in.read() != -1) {
				// wait for the parent to close our input
			}
			worker.close();
		}
		StringBuilder result = new StringBuilder(RESULT);
		for (Map.Entry<String, Double> entry : timings.latency().entrySet()) {
			result.append(String.format(Locale.ROOT, "%s=%.4f ", entry.getKey(), entry.getValue()));
		}
		System.out.println(result.toString().trim());
		System.out.flush();
		System.exit(0);
	}

}
