package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Throttling on MARIADB.
 *
 * @author TaskFlow
 */
class MariaDbThrottleIntegrationTests extends AbstractThrottleIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
