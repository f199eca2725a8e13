package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The attempt history and captured job logs on H2.
 *
 * @author TaskFlow
 */
class H2AttemptHistoryIntegrationTests extends AbstractAttemptHistoryIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
