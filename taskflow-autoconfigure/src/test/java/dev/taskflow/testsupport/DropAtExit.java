package dev.taskflow.testsupport;

import org.springframework.boot.SpringApplication;

/**
 * Drops what a test run created on a shared server when its JVM exits. The drop runs as a
 * Spring Boot shutdown handler: Boot runs those only after it has closed every
 * application context it started, so no TaskFlow node is still at work in a database that
 * is being dropped (a plain JVM shutdown hook would race with the contexts' own).
 *
 * @author TaskFlow
 */
final class DropAtExit {

	private DropAtExit() {
	}

	/**
	 * Run a drop when the JVM exits.
	 * @param what what it drops, for the message when it cannot
	 * @param drop the drop
	 */
	static void register(String what, Drop drop) {
		SpringApplication.getShutdownHandlers().add(() -> {
			try {
				drop.run();
			}
			catch (Exception ex) {
				System.err.println("*** Could not drop " + what + " (" + ex.getMessage() + "): drop it by hand ***");
			}
		});
	}

	/**
	 * A drop.
	 */
	@FunctionalInterface
	interface Drop {

		void run() throws Exception;

	}

}
