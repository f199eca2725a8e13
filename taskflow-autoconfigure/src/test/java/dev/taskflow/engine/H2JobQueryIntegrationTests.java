package dev.taskflow.engine;

import java.sql.Connection;
import java.sql.SQLException;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The query API on H2.
 *
 * @author TaskFlow
 */
class H2JobQueryIntegrationTests extends AbstractJobQueryIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

	@Override
	protected boolean lockJobTable(Connection connection) throws SQLException {
		// H2 reads never wait for a lock
		return false;
	}

}
