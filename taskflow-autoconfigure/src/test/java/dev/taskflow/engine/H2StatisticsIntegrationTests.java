package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The statistics on H2.
 *
 * @author TaskFlow
 */
class H2StatisticsIntegrationTests extends AbstractStatisticsIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
