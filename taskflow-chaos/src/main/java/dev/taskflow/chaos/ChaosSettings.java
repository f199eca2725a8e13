package dev.taskflow.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How one chaos run goes.
 *
 * @param database the database
 * @param nodes how many nodes run at once (at least 3)
 * @param chaos how long disruptions go on (the bounded run stops earlier once its planned
 * disruptions are done and this time has passed)
 * @param seed the seed of every random choice
 * @param outputDirectory where node logs go
 * @param classPath the class path of the node JVMs
 * @param soak whether disruptions repeat until {@code chaos} has passed (else one of
 * each)
 * @param drainTimeout how long to wait for every job to finish once feeding stops
 * @author TaskFlow
 */
record ChaosSettings(ChaosDatabase database, int nodes, Duration chaos, long seed, Path outputDirectory,
		String classPath, boolean soak, Duration drainTimeout) {

	/**
	 * The lease every node runs with ({@code spring.taskflow.worker.lease}).
	 */
	static final Duration LEASE = Duration.parse("PT" + ChaosNode.SETTINGS.get("spring.taskflow.worker.lease"));

	/**
	 * The heartbeat interval of every node.
	 */
	static final Duration HEARTBEAT = Duration
		.parse("PT" + ChaosNode.SETTINGS.get("spring.taskflow.worker.heartbeat-interval"));

	/**
	 * The shutdown await of every node.
	 */
	static final Duration SHUTDOWN_AWAIT = Duration
		.parse("PT" + ChaosNode.SETTINGS.get("spring.taskflow.shutdown.await"));

	/**
	 * Allowance on top of lease + heartbeat for a rescue: the heartbeat runs with a fixed
	 * delay (its own statements add to the interval) and the harness polls every 100 ms.
	 */
	static final Duration RESCUE_SLACK = Duration.ofSeconds(1);

	/**
	 * How far the skewed node's wall clock is ahead (libfaketime's {@code FAKETIME}).
	 */
	static final String SKEW = "+5m";

	private static final List<Path> LIBFAKETIME = List.of(
			Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"),
			Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1"),
			Path.of("/usr/lib/faketime/libfaketimeMT.so.1"), Path.of("/usr/local/lib/faketime/libfaketimeMT.so.1"));

	ChaosSettings {
		if (nodes < 3) {
			throw new IllegalArgumentException("at least 3 nodes, was " + nodes);
		}
	}

	/**
	 * The libfaketime library of this machine: {@code TASKFLOW_CHAOS_LIBFAKETIME}, else
	 * the usual places.
	 * @return the library, or {@code null} when there is none
	 */
	static Path libFakeTime() {
		String configured = System.getenv("TASKFLOW_CHAOS_LIBFAKETIME");
		if (configured != null && !configured.isBlank()) {
			return Files.isReadable(Path.of(configured)) ? Path.of(configured) : null;
		}
		return LIBFAKETIME.stream().filter(Files::isReadable).findFirst().orElse(null);
	}

	static long micros(Duration duration) {
		return duration.toNanos() / 1000;
	}

}
