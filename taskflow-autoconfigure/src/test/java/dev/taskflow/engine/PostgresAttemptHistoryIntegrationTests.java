package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The attempt history and captured job logs on PostgreSQL.
 *
 * @author TaskFlow
 */
class PostgresAttemptHistoryIntegrationTests extends AbstractAttemptHistoryIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
