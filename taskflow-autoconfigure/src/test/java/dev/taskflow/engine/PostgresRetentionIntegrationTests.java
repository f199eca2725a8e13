package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The retention contract on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresRetentionIntegrationTests extends AbstractRetentionIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
