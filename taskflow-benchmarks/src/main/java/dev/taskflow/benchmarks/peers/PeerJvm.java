package dev.taskflow.benchmarks.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A peer's worker in a JVM of its own ({@link PeerNodeMain}), for {@code e2e_latency}
 * across nodes: started from this JVM's class path, it reports its latencies when its
 * standard input closes.
 *
 * @author TaskFlow
 */
final class PeerJvm implements AutoCloseable {

	private final Process process;

	private final BufferedReader output;

	private PeerJvm(Process process, BufferedReader output) {
		this.process = process;
		this.output = output;
	}

	static PeerJvm start(String peer, PeerDatabase database) throws IOException, InterruptedException {
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
				"-cp", System.getProperty("java.class.path"), PeerNodeMain.class.getName(), peer, database.url(),
				database.server().username(), database.server().password());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = output.readLine()) != null) {
			if (line.equals(PeerNodeMain.READY)) {
				return new PeerJvm(process, output);
			}
			System.err.println("[" + peer + " node] " + line);
		}
		throw new IOException(
				"Peer node exited before it was ready: exit code " + process.waitFor(10, TimeUnit.SECONDS));
	}

	/**
	 * Stops the node and returns the latencies it measured.
	 */
	Map<String, Double> finish() throws IOException {
		this.process.getOutputStream().close();
		String line;
		while ((line = this.output.readLine()) != null) {
			if (line.startsWith(PeerNodeMain.RESULT)) {
				Map<String, Double> result = new LinkedHashMap<>();
				for (String pair : line.substring(PeerNodeMain.RESULT.length()).trim().split(" ")) {
					int equals = pair.indexOf('=');
					result.put(pair.substring(0, equals), Double.parseDouble(pair.substring(equals + 1)));
				}
				return result;
			}
			System.err.println("[peer node] " + line);
		}
		throw new IOException("Peer node exited without its result");
	}

	/**
	 * Waits until the condition, read from the database, holds: rarely, as every look is
	 * a query on the server the run measures.
	 */
	static void await(Condition condition) throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		while (!condition.holds()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The jobs did not all complete within 10 minutes");
			}
			Thread.sleep(250);
		}
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

	@FunctionalInterface
	interface Condition {

		boolean holds() throws Exception;

	}

}
