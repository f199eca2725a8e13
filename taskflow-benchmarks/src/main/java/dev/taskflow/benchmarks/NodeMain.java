package dev.taskflow.benchmarks;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The main class of a node in a JVM of its own: starts, prints {@code READY}, and stops
 * when its standard input closes. Arguments are {@code database key=value...}.
 *
 * @author TaskFlow
 */
public final class NodeMain {

	private NodeMain() {
	}

	public static void main(String[] args) throws IOException {
		BenchDatabase database = BenchDatabase.valueOf(args[0]);
		Map<String, String> settings = new LinkedHashMap<>();
		for (int i = 1; i < args.length; i++) {
			int equals = args[i].indexOf('=');
			settings.put(args[i].substring(0, equals), args[i].substring(equals + 1));
		}
		try (Node node = Node.start(database, settings)) {
			System.out.println("READY");
			System.out.flush();
			while (System.in.read() != -1) {
				// wait for the parent to close our input
			}
		}
		System.exit(0);
	}

}
