package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Round trips per job within their budgets on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresStatementBudgetIntegrationTests extends AbstractStatementBudgetIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
