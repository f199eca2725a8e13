package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Round trips per job within their budgets on H2.
 *
 * @author TaskFlow
 */
class H2StatementBudgetIntegrationTests extends AbstractStatementBudgetIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
