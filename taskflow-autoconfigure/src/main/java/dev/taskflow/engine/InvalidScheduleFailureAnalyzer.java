package dev.taskflow.engine;

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
		return new FailureAnalysis(cause.getMessage(),
				"Fix schedule '" + cause.getScheduleName() + "' where it is declared: its @TaskHandler(cron = ...,"
						+ " zone = ...) or spring.taskflow.schedules." + cause.getScheduleName() + ".* properties.",
				cause);
	}

}
