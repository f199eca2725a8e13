package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Exact names and keys on H2.
 *
 * @author TaskFlow
 */
class H2ExactNamesIntegrationTests extends AbstractExactNamesIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
