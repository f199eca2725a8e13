package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Several TaskFlow nodes on one H2 database.
 *
 * @author TaskFlow
 */
class H2ClusterIntegrationTests extends AbstractClusterIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
