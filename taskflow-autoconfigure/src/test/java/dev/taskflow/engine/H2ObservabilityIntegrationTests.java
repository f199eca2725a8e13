package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Listeners, metrics and the MDC on H2.
 *
 * @author TaskFlow
 */
class H2ObservabilityIntegrationTests extends AbstractObservabilityIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
