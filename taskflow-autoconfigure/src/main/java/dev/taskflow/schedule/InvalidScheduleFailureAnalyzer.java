package dev.taskflow.schedule;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.taskflow.InvalidScheduleException;

/**
 * Explains an {@link InvalidScheduleException} at start-up.
 *
 * @author TaskFlow
 */
class InvalidScheduleFailureAnalyzer extends AbstractFailureAnalyzer<InvalidScheduleException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidScheduleException cause) {
		String name = cause.getScheduleName();
		String properties = name.contains(".") ? "spring.taskflow.schedules[" + name + "].*"
				: "spring.taskflow.schedules." + name + ".*";
		return new FailureAnalysis(cause.getMessage(), "Fix schedule '" + name
				+ "' where it is declared: its @TaskHandler(cron = ..., zone = ...) or " + properties + " properties.",
				cause);
	}

}
