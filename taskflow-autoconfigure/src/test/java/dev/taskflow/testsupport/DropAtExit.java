package dev.taskflow.testsupport;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;

/**
 * Drops what a test run created on a shared server when its JVM exits. Where a
 * {@link SpringApplication} ran in the JVM, the drop runs as a Spring Boot shutdown
 * handler: Boot runs those only after it has closed every application context it started,
 * so no TaskFlow node is still at work in a database that is being dropped (a plain JVM
 * shutdown hook would race with the contexts' own). Boot installs its JVM hook only when
 * a {@code SpringApplication} runs, though, so a JVM that ran none (a single plan test,
 * tests on an {@code ApplicationContextRunner}, which close their contexts themselves)
 * drops from a plain JVM shutdown hook instead.
 *
 * @author TaskFlow
 */
final class DropAtExit {

	private static final AtomicBoolean springApplicationStarted = new AtomicBoolean();

	private DropAtExit() {
	}

	/**
	 * Run a drop when the JVM exits.
	 * @param what what it drops, for the message when it cannot
	 * @param drop the drop
	 */
	static void register(String what, Drop drop) {
		AtomicBoolean dropped = new AtomicBoolean();
		Runnable dropOnce = () -> {
			if (dropped.compareAndSet(false, true)) {
				run(what, drop);
			}
		};
		SpringApplication.getShutdownHandlers().add(dropOnce);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			if (!springApplicationStarted.get()) {
				dropOnce.run();
			}
		}, "taskflow-test-drop"));
	}

	private static void run(String what, Drop drop) {
		try {
			drop.run();
		}
		catch (Exception ex) {
			System.err.println("*** Could not drop " + what + " (" + ex.getMessage() + "): drop it by hand ***");
		}
	}

	/**
	 * A drop.
	 */
	@FunctionalInterface
	interface Drop {

		void run() throws Exception;

	}

	/**
	 * Notes that a {@link SpringApplication} started in this JVM, and with it Boot's own
	 * JVM shutdown hook, which runs the drops after the contexts are closed. Registered
	 * in the tests' {@code META-INF/spring.factories}.
	 */
	static final class SpringApplicationStarts implements SpringApplicationRunListener {

		@Override
		public void starting(ConfigurableBootstrapContext bootstrapContext) {
			springApplicationStarted.set(true);
		}

	}

}
