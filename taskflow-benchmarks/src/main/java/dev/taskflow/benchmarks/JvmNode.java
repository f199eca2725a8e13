package dev.taskflow.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A TaskFlow node in a JVM of its own, started from this JVM's class path.
 *
 * @author TaskFlow
 */
final class JvmNode implements AutoCloseable {

	private final Process process;

	private JvmNode(Process process) {
		this.process = process;
	}

	static JvmNode start(BenchDatabase database, Map<String, String> settings) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx512m");
		// the database override (BenchDatabase) holds in the node too
		String override = System.getProperty(database.urlProperty());
		if (override != null) {
			command.add("-D" + database.urlProperty() + "=" + override);
		}
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(NodeMain.class.getName());
		command.add(database.name());
		settings.forEach((key, value) -> command.add(key + "=" + value));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = output.readLine()) != null) {
			if (line.equals("READY")) {
				// drain the rest of the node's output so that it never blocks on a full
				// pipe
				Thread drainer = new Thread(() -> output.lines().forEach((ignored) -> {
				}), "node-output");
				drainer.setDaemon(true);
				drainer.start();
				return new JvmNode(process);
			}
			System.err.println("[node] " + line);
		}
		throw new IOException("Node process exited before it was ready: exit code " + process.exitValue());
	}

	@Override
	public void close() throws IOException {
		this.process.getOutputStream().close();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
