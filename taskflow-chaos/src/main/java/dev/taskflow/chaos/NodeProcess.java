package dev.taskflow.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One chaos node: a JVM of its own, started from the harness's class path, its output in
 * a log file. SIGKILL is {@link Process#destroyForcibly()}, SIGTERM
 * {@link Process#destroy()}.
 *
 * @author TaskFlow
 */
final class NodeProcess {

	/**
	 * How a node's life ended.
	 */
	enum Fate {

		/**
		 * Still running.
		 */
		RUNNING,

		/**
		 * Killed with SIGKILL by the harness.
		 */
		KILLED,

		/**
		 * Stopped with SIGTERM by the harness during the run.
		 */
		TERMINATED,

		/**
		 * Stopped with SIGTERM at the end of the run.
		 */
		STOPPED,

		/**
		 * Exited without being told to: a finding.
		 */
		DIED

	}

	/**
	 * What sets a node apart from the others; a replacement has the traits of the node it
	 * replaces.
	 *
	 * @param skew the {@code FAKETIME} offset of its wall clock (libfaketime), or
	 * {@code null}
	 * @param autoCommitOff whether its pool runs with auto-commit off
	 */
	record Traits(String skew, boolean autoCommitOff) {
	}

	private final String id;

	private final Process process;

	private final Path log;

	private final Traits traits;

	private final long startedAt;

	private volatile Long readyAt;

	private volatile Long endedAt;

	private volatile Fate fate = Fate.RUNNING;

	private NodeProcess(String id, Process process, Path log, Traits traits, long startedAt) {
		this.id = id;
		this.process = process;
		this.log = log;
		this.traits = traits;
		this.startedAt = startedAt;
	}

	/**
	 * Start a node.
	 * @param id its node id ({@code chaos-node-<n>})
	 * @param settings the run's settings
	 * @param url the database URL
	 * @param traits what sets it apart
	 * @param libFakeTime the libfaketime library, when its traits skew its clock
	 * @param startedAt when it was started (database clock, epoch micros)
	 * @return the node
	 * @throws IOException if it cannot be started
	 */
	static NodeProcess start(String id, ChaosSettings settings, String url, Traits traits, Path libFakeTime,
			long startedAt) throws IOException {
		ChaosDatabase database = settings.database();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// room for a result of MariaDB's max_allowed_packet (16 MB) while it is written
		command.add("-Xmx384m");
		command.add("-Xss512k");
		command.add("-XX:+UseSerialGC");
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-cp");
		command.add(settings.classPath());
		command.add(ChaosNode.class.getName());
		command.add("--spring.application.name=" + id);
		command.add("--spring.taskflow.worker.node-id=" + id);
		command.add("--spring.datasource.url=" + database.withApplicationName(url, id));
		command.add("--spring.datasource.username=" + database.username());
		command.add("--spring.datasource.password=" + database.password());
		for (Map.Entry<String, String> property : database.nodeProperties(id).entrySet()) {
			command.add("--" + property.getKey() + "=" + property.getValue());
		}
		if (traits.autoCommitOff()) {
			command.add("--spring.datasource.hikari.auto-commit=false");
			for (Map.Entry<String, String> property : database.autoCommitOffProperties().entrySet()) {
				command.add("--" + property.getKey() + "=" + property.getValue());
			}
		}
		if (settings.ingredients().throwingListener()) {
			command.add("--chaos.throwing-listener=true");
		}
		Path log = settings.outputDirectory().resolve(id + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.redirectInput(ProcessBuilder.Redirect.PIPE);
		if (traits.skew() != null) {
			builder.environment().put("LD_PRELOAD", libFakeTime.toString());
			builder.environment().put("FAKETIME", traits.skew());
			// the JVM's timers and TaskFlow's intervals use the monotonic clock: leave it
			// alone, skew only the wall clock
			builder.environment().put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
		}
		return new NodeProcess(id, builder.start(), log, traits, startedAt);
	}

	String id() {
		return this.id;
	}

	Path log() {
		return this.log;
	}

	Traits traits() {
		return this.traits;
	}

	String skew() {
		return this.traits.skew();
	}

	boolean autoCommitOff() {
		return this.traits.autoCommitOff();
	}

	long startedAt() {
		return this.startedAt;
	}

	Long readyAt() {
		return this.readyAt;
	}

	Long endedAt() {
		return this.endedAt;
	}

	Fate fate() {
		return this.fate;
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	boolean isReady() {
		return this.readyAt != null;
	}

	/**
	 * Whether the node was up (ready and not yet ended) at a time.
	 * @param micros the time
	 * @return whether it was up
	 */
	boolean wasUpAt(long micros) {
		return this.readyAt != null && this.readyAt <= micros && (this.endedAt == null || this.endedAt > micros);
	}

	/**
	 * Wait until the node printed that it is ready.
	 * @param timeout the longest wait
	 * @param now reads the database's clock
	 * @return whether it is ready
	 * @throws InterruptedException if interrupted
	 */
	boolean awaitReady(Duration timeout, java.util.function.LongSupplier now) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (logContains(ChaosNode.READY)) {
				this.readyAt = now.getAsLong();
				return true;
			}
			if (!this.process.isAlive()) {
				noteExit(now.getAsLong());
				return false;
			}
			Thread.sleep(100);
		}
		return false;
	}

	/**
	 * How long the node's log is now.
	 * @return its size in bytes, 0 if unreadable
	 */
	long logSize() {
		try {
			return Files.size(this.log);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/**
	 * What the node logged from a point on.
	 * @param offset where to start, in bytes
	 * @return the text, empty if unreadable
	 */
	String logSince(long offset) {
		try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(this.log.toFile(), "r")) {
			long length = file.length();
			if (length <= offset) {
				return "";
			}
			byte[] bytes = new byte[(int) (length - offset)];
			file.seek(offset);
			file.readFully(bytes);
			return new String(bytes, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	private boolean logContains(String text) {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8).contains(text);
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Send SIGKILL and wait until the process is gone.
	 * @param now reads the database's clock
	 * @return when the signal was sent (database clock)
	 */
	long kill(java.util.function.LongSupplier now) {
		long at = now.getAsLong();
		this.fate = Fate.KILLED;
		this.endedAt = at;
		this.process.destroyForcibly();
		waitFor(Duration.ofSeconds(10));
		// the node may have recorded an execution between the clock read and the signal:
		// its end is when it was gone, or that execution looks like it ran after its
		// death
		this.endedAt = now.getAsLong();
		return at;
	}

	/**
	 * Send SIGTERM.
	 * @param at when (database clock)
	 * @param endOfRun whether the run is over
	 */
	void terminate(long at, boolean endOfRun) {
		this.fate = endOfRun ? Fate.STOPPED : Fate.TERMINATED;
		this.endedAt = at;
		this.process.destroy();
	}

	/**
	 * Wait for the process to exit.
	 * @param timeout the longest wait
	 * @return whether it exited
	 */
	boolean waitFor(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Record that the node exited on its own, if it did.
	 * @param at when it was noticed
	 */
	void noteExit(long at) {
		if (this.fate == Fate.RUNNING && !this.process.isAlive()) {
			this.fate = Fate.DIED;
			this.endedAt = at;
		}
	}

	Integer exitCode() {
		return this.process.isAlive() ? null : this.process.exitValue();
	}

	void destroyForcibly() {
		this.process.destroyForcibly();
	}

}
