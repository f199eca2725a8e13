package dev.taskflow.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The nodes of one integration test on one database: the first starts from an empty job
 * table, and closing stops them all.
 *
 * @author TaskFlow
 */
final class TestNodes implements AutoCloseable {

	private final Map<String, String> database;

	private final List<TestNode> nodes = new ArrayList<>();

	TestNodes(TestDatabase database) {
		this.database = database.dataSourceProperties();
		TestHandlers.reset();
	}

	TestNode start(String... properties) {
		TestNode node = TestNode.start(this.database, properties);
		if (this.nodes.isEmpty()) {
			// the shared local databases keep jobs of earlier tests: start from an empty
			// table
			node.jdbc().update("DELETE FROM taskflow_job");
		}
		this.nodes.add(node);
		return node;
	}

	@Override
	public void close() {
		TestHandlers.gate.countDown();
		this.nodes.forEach(TestNode::close);
	}

}
