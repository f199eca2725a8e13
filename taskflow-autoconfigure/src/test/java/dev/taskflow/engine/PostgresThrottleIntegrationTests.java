package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Throttling on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresThrottleIntegrationTests extends AbstractThrottleIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
