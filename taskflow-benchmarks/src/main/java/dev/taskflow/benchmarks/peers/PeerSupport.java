package dev.taskflow.benchmarks.peers;

import java.time.Duration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.convert.DurationStyle;

import dev.taskflow.test.RatePacer;

/**
 * What the peer adapters share.
 *
 * @author TaskFlow
 */
final class PeerSupport {

	/**
	 * How long a peer's worker may start before {@code e2e_latency} enqueues its first
	 * job: a TaskFlow node is claiming once it has started, but JobRunr's first look for
	 * work comes a second after its server starts, and that second is start-up, not
	 * latency.
	 */
	static final Duration SETTLE = Duration.ofSeconds(2);

	private PeerSupport() {
	}

	/**
	 * A setting of the comparison that {@code -D<property>=<duration>} may change, in
	 * Spring Boot's notation ({@code 100ms}, {@code 1s}).
	 */
	static Duration duration(String property, Duration defaultValue) {
		String value = System.getProperty(property);
		return (value != null) ? DurationStyle.detectAndParse(value) : defaultValue;
	}

	/**
	 * Calls {@code enqueue} at the workload's rate from one thread until the workload's
	 * jobs are enqueued, as TaskFlow's {@code e2e_latency} does.
	 */
	static void produceAtRate(Workload workload, Runnable enqueue) throws InterruptedException {
		RatePacer.perSecond(workload.latencyRate()).run(workload.latencyJobs(), enqueue);
	}

	/**
	 * The peers log through SLF4J; outside a Spring Boot application nothing configures
	 * Logback, whose default is DEBUG on the console. Warnings only, as the TaskFlow
	 * nodes of the benchmark log.
	 */
	static void quietLogging() {
		if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
			root.setLevel(Level.WARN);
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
