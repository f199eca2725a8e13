package dev.taskflow.engine;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.taskflow.throttle.InvalidThrottleException;

/**
 * Explains an {@link InvalidThrottleException} at start-up.
 *
 * @author TaskFlow
 */
class InvalidThrottleFailureAnalyzer extends AbstractFailureAnalyzer<InvalidThrottleException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidThrottleException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Correct " + cause.getProperty() + " (see the TaskFlow README, \"Throttling and priorities\").", cause);
	}

}
