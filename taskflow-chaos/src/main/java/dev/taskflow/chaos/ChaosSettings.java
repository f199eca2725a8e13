package dev.taskflow.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
 * @param ingredients the hazards the nodes and the feeder add to the disruptions
 * @param restartServer whether the run may restart the local database server (the soak
 * does; the bounded run of {@code mvn verify} never touches the shared servers)
 * @param keepDatabase whether the database of the run is kept for inspection instead of
 * dropped at its end
 * @author TaskFlow
 */
record ChaosSettings(ChaosDatabase database, int nodes, Duration chaos, long seed, Path outputDirectory,
		String classPath, boolean soak, Duration drainTimeout, Ingredients ingredients, boolean restartServer,
		boolean keepDatabase) {

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
	 * How long a job asked to stop (by a drain) may take before its thread is
	 * interrupted.
	 */
	static final Duration CANCEL_GRACE = Duration
		.parse("PT" + ChaosNode.SETTINGS.get("spring.taskflow.workflow.cancel-grace"));

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

	/**
	 * The hazards of a run besides the disruptions, each switchable
	 * ({@code --without=...}, {@code TASKFLOW_CHAOS_WITHOUT}).
	 *
	 * @param autoCommitOffEvery one node in this many runs with its pool's auto-commit
	 * off ({@code spring.datasource.hikari.auto-commit=false}); 0 for none
	 * @param unstorableResults whether the feeder enqueues now and then a job whose
	 * handler returns a result the database refuses to store
	 * @param throwingListener whether the nodes have a {@code TaskFlowListener} that
	 * throws an {@link AssertionError} from {@code started} now and then
	 */
	record Ingredients(int autoCommitOffEvery, boolean unstorableResults, boolean throwingListener) {

		static final String AUTO_COMMIT_OFF = "auto-commit-off";

		static final String UNSTORABLE_RESULTS = "unstorable-results";

		static final String THROWING_LISTENER = "throwing-listener";

		static final List<String> NAMES = List.of(AUTO_COMMIT_OFF, UNSTORABLE_RESULTS, THROWING_LISTENER);

		/**
		 * One node in three with auto-commit off, when on.
		 */
		static final int DEFAULT_AUTO_COMMIT_OFF_EVERY = 3;

		Ingredients {
			if (autoCommitOffEvery < 0) {
				throw new IllegalArgumentException(
						"auto-commit-off-every must be 0 (no such node) or more, was " + autoCommitOffEvery);
			}
		}

		/**
		 * Every ingredient, less those named.
		 * @param without names from {@link #NAMES}, separated by commas, or {@code all};
		 * {@code null} or empty for none
		 * @return the ingredients
		 */
		static Ingredients without(String without) {
			Set<String> off = new LinkedHashSet<>();
			if (without != null) {
				for (String name : without.split(",")) {
					String trimmed = name.trim().toLowerCase(Locale.ROOT);
					if (trimmed.equals("all")) {
						off.addAll(NAMES);
					}
					else if (NAMES.contains(trimmed)) {
						off.add(trimmed);
					}
					else if (!trimmed.isEmpty()) {
						throw new IllegalArgumentException("Unknown chaos ingredient '" + trimmed + "' in '" + without
								+ "': use all or any of " + String.join(", ", NAMES));
					}
				}
			}
			return new Ingredients(off.contains(AUTO_COMMIT_OFF) ? 0 : DEFAULT_AUTO_COMMIT_OFF_EVERY,
					!off.contains(UNSTORABLE_RESULTS), !off.contains(THROWING_LISTENER));
		}

		/**
		 * Whether the node started at a position (0 for the first) runs with its pool's
		 * auto-commit off; a replacement runs as the node it replaces.
		 * @param index the position
		 * @return whether auto-commit is off
		 */
		boolean autoCommitOff(int index) {
			return this.autoCommitOffEvery > 0 && index % this.autoCommitOffEvery == 0;
		}

		@Override
		public String toString() {
			List<String> on = new ArrayList<>();
			if (this.autoCommitOffEvery > 0) {
				on.add(AUTO_COMMIT_OFF + " (1 node in " + this.autoCommitOffEvery + ")");
			}
			if (this.unstorableResults) {
				on.add(UNSTORABLE_RESULTS);
			}
			if (this.throwingListener) {
				on.add(THROWING_LISTENER);
			}
			return on.isEmpty() ? "none" : String.join(", ", on);
		}

	}

}
