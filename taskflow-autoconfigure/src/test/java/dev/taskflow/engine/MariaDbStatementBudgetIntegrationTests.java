package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Round trips per job within their budgets on MARIADB.
 *
 * @author TaskFlow
 */
class MariaDbStatementBudgetIntegrationTests extends AbstractStatementBudgetIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
