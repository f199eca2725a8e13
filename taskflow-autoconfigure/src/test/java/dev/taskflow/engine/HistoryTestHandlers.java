package dev.taskflow.engine;

import org.apache.commons.logging.LogFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * Handlers for the attempt history and log capture integration tests.
 *
 * @author TaskFlow
 */
class HistoryTestHandlers {

	/**
	 * Fails its first attempt with a cause, then succeeds.
	 * @param context the context
	 */
	@TaskHandler("history.flaky")
	void flaky(TaskContext context) {
		if (context.attempt() == 1) {
			throw new IllegalStateException("first attempt fails", new IllegalArgumentException("because of this"));
		}
	}

	/**
	 * Logs through SLF4J, Commons Logging and Logback at INFO and WARN, and on another
	 * thread; fails its first attempt.
	 * @param context the context
	 * @throws InterruptedException if interrupted
	 */
	@TaskHandler("history.logging")
	void logging(TaskContext context) throws InterruptedException {
		int attempt = context.attempt();
		LoggerFactory.getLogger("history.slf4j").info("slf4j info on attempt {}", attempt);
		LoggerFactory.getLogger("history.slf4j").warn("slf4j warn on attempt {}", attempt);
		LogFactory.getLog("history.commons").info("commons-logging info on attempt " + attempt);
		LogFactory.getLog("history.commons").warn("commons-logging warn on attempt " + attempt);
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("history.logback"))
			.info("logback info on attempt " + attempt);
		Thread other = new Thread(
				() -> LoggerFactory.getLogger("history.slf4j").warn("another thread on attempt {}", attempt));
		other.start();
		other.join();
		if (attempt == 1) {
			throw new IllegalStateException("logged and failed");
		}
	}

	/**
	 * Logs twelve lines.
	 */
	@TaskHandler("history.chatty")
	void chatty() {
		for (int i = 1; i <= 12; i++) {
			LoggerFactory.getLogger("history.chatty").info("line {}", i);
		}
	}

	/**
	 * Logs one line inside a trace, as a tracer's MDC entry marks it, and one outside.
	 */
	@TaskHandler("history.traced")
	void traced() {
		try (MDC.MDCCloseable trace = MDC.putCloseable("traceId", "4bf92f3577b34da6a3ce929d0e0e4736")) {
			LoggerFactory.getLogger("history.traced").info("inside the trace");
		}
		LoggerFactory.getLogger("history.traced").info("outside");
	}

}
