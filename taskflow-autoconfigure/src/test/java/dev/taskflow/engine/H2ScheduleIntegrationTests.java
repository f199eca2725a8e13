package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The schedule contract on H2.
 *
 * @author TaskFlow
 */
class H2ScheduleIntegrationTests extends AbstractScheduleIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
