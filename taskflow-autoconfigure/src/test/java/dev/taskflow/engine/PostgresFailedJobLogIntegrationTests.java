package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The lines logged about failed jobs, on PostgreSQL.
 *
 * @author TaskFlow
 */
class PostgresFailedJobLogIntegrationTests extends AbstractFailedJobLogIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

	@Override
	protected Object unstorableResult() {
		return "nul \u0000 in a result";
	}

}
