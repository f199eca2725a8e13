package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The retention contract on H2.
 *
 * @author TaskFlow
 */
class H2RetentionIntegrationTests extends AbstractRetentionIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
