package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The schedule contract on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresScheduleIntegrationTests extends AbstractScheduleIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
