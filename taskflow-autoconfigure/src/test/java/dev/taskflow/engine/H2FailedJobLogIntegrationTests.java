package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The lines logged about failed jobs, on H2.
 *
 * @author TaskFlow
 */
class H2FailedJobLogIntegrationTests extends AbstractFailedJobLogIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
