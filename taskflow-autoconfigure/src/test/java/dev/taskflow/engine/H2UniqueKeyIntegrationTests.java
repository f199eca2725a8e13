package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The unique key contract on H2.
 *
 * @author TaskFlow
 */
class H2UniqueKeyIntegrationTests extends AbstractUniqueKeyIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
