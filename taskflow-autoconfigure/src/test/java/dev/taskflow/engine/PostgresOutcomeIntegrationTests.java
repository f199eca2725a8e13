package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Outcomes of every attempt, stored or refused, on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresOutcomeIntegrationTests extends AbstractOutcomeIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

	@Override
	protected Object unstorableResult() {
		return "nul \u0000 in a result";
	}

	@Override
	protected String knownRefusal() {
		return "has a NUL character";
	}

	@Override
	protected String resultAsText() {
		return "CAST(result AS TEXT)";
	}

}
