package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Direct start on H2.
 *
 * @author TaskFlow
 */
class H2DirectStartIntegrationTests extends AbstractDirectStartIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
