package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Job progress on H2.
 *
 * @author TaskFlow
 */
class H2ProgressIntegrationTests extends AbstractProgressIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
