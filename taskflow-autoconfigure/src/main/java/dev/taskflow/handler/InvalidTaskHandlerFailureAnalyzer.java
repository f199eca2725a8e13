package dev.taskflow.handler;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidTaskHandlerException} at start-up.
 *
 * @author TaskFlow
 */
class InvalidTaskHandlerFailureAnalyzer extends AbstractFailureAnalyzer<InvalidTaskHandlerException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidTaskHandlerException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
