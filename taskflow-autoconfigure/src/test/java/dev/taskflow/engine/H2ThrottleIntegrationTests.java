package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Throttling on H2.
 *
 * @author TaskFlow
 */
class H2ThrottleIntegrationTests extends AbstractThrottleIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
