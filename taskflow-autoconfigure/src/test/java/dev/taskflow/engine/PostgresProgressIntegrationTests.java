package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Job progress on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresProgressIntegrationTests extends AbstractProgressIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
