package dev.taskflow.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TaskFlow node in a JVM of its own, started from the test's class path, so that a test
 * can kill it with SIGKILL: no shutdown hook, no release, no last write, as when the
 * kernel or an orchestrator kills a pod. Its output goes to a log file that a failing
 * test prints.
 *
 * @author TaskFlow
 */
final class ChildJvmNode implements AutoCloseable {

	private final Process process;

	private final Path log;

	private ChildJvmNode(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Start a node in a new JVM.
	 * @param database the data source properties, which the new JVM must be able to reach
	 * (not an in-memory database of this JVM)
	 * @param configuration a configuration class (its handlers) besides the test handlers
	 * @param properties further properties as {@code name=value}
	 * @return the node, starting
	 * @throws IOException if the JVM cannot be started
	 */
	static ChildJvmNode start(Map<String, String> database, Class<?> configuration, String... properties)
			throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(Main.class.getName());
		command.add(configuration.getName());
		database.forEach((name, value) -> command.add(name + "=" + value));
		command.addAll(List.of(properties));
		Path log = Files.createTempFile("taskflow-child-node-", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new ChildJvmNode(process, log);
	}

	/**
	 * Kill the JVM with SIGKILL and wait until it is gone.
	 * @throws InterruptedException if interrupted while waiting
	 */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The child JVM " + this.process.pid() + " did not die of SIGKILL");
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * What the JVM printed so far.
	 * @return its output
	 */
	String output() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(its output could not be read: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
			Files.deleteIfExists(this.log);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// a temporary file left behind
		}
	}

	/**
	 * The child JVM: {@code <configuration class> name=value...}; runs a {@link TestNode}
	 * until it is killed.
	 */
	static final class Main {

		private Main() {
		}

		public static void main(String[] args) throws Exception {
			Class<?> configuration = Class.forName(args[0]);
			Map<String, String> properties = new LinkedHashMap<>();
			for (int i = 1; i < args.length; i++) {
				int equals = args[i].indexOf('=');
				properties.put(args[i].substring(0, equals), args[i].substring(equals + 1));
			}
			TestNode.start(properties, List.of(configuration), null);
			new CountDownLatch(1).await();
		}

	}

}
