package dev.taskflow.engine;

import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Checkpoints on H2; a node in another JVM reaches the in-memory database through a TCP
 * server of this JVM.
 *
 * @author TaskFlow
 */
class H2CheckpointIntegrationTests extends AbstractCheckpointIntegrationTests {

	private static Server server;

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.stop();
		}
	}

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

	@Override
	protected Map<String, String> databaseOtherJvmsReach() {
		try {
			if (server == null) {
				server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not start an H2 TCP server: " + ex.getMessage(), ex);
		}
		String url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:taskflow-" + UUID.randomUUID()
				+ ";DB_CLOSE_DELAY=-1";
		return Map.of("spring.datasource.url", url, "spring.datasource.username", "sa", "spring.datasource.password",
				"");
	}

}
