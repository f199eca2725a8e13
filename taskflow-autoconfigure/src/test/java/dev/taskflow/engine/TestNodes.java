package dev.taskflow.engine;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The nodes of one integration test on one database: the first starts from empty job and
 * schedule tables, and closing stops them all.
 *
 * @author TaskFlow
 */
final class TestNodes implements AutoCloseable {

	private final Map<String, String> database;

	private final List<TestNode> nodes = new ArrayList<>();

	private final List<ChildJvmNode> children = new ArrayList<>();

	private final String[] defaults;

	private boolean cleared;

	/**
	 * Nodes on the given database.
	 * @param database the database
	 * @param defaults properties of every node ({@code name=value}), before those given
	 * to {@link #start}
	 */
	TestNodes(TestDatabase database, String... defaults) {
		this(database.dataSourceProperties(), defaults);
	}

	/**
	 * Nodes on the database of the given properties.
	 * @param database the {@code spring.datasource.*} properties
	 * @param defaults properties of every node ({@code name=value}), before those given
	 * to {@link #start}
	 */
	TestNodes(Map<String, String> database, String... defaults) {
		this.database = database;
		this.defaults = defaults;
		TestHandlers.reset();
		ScheduleTestHandlers.reset();
	}

	TestNode start(String... properties) {
		return start(List.of(), null, properties);
	}

	/**
	 * Start a node with more configuration than the default test handlers.
	 * @param configurations further configuration classes
	 * @param clock the clock of the node's {@link dev.taskflow.TaskFlowClock}, or
	 * {@code null} for the database's clock
	 * @param properties further properties as {@code name=value}
	 * @return the started node
	 */
	TestNode start(List<Class<?>> configurations, Clock clock, String... properties) {
		clearOnce();
		String[] all = Stream.concat(Stream.of(this.defaults), Stream.of(properties)).toArray(String[]::new);
		TestNode node = TestNode.start(this.database, configurations, clock, all);
		this.nodes.add(node);
		return node;
	}

	/**
	 * Start a node in a JVM of its own (which closing kills if it still runs).
	 * @param configuration a configuration class besides the test handlers
	 * @param properties further properties as {@code name=value}
	 * @return the node, starting
	 * @throws IOException if the JVM cannot be started
	 */
	ChildJvmNode startChild(Class<?> configuration, String... properties) throws IOException {
		clearOnce();
		String[] all = Stream.concat(Stream.of(this.defaults), Stream.of(properties)).toArray(String[]::new);
		ChildJvmNode child = ChildJvmNode.start(this.database, configuration, all);
		this.children.add(child);
		return child;
	}

	/**
	 * The {@code spring.datasource.*} properties of the nodes' database.
	 * @return the properties
	 */
	Map<String, String> database() {
		return this.database;
	}

	private void clearOnce() {
		if (!this.cleared) {
			// the shared local databases keep the jobs and schedules of earlier tests:
			// start from empty tables, before the node writes its declared schedules and
			// fires them
			clearTables();
			this.cleared = true;
		}
	}

	/**
	 * Stop a node of this test (to simulate an outage or a restart).
	 * @param node the node
	 */
	void stop(TestNode node) {
		node.close();
		this.nodes.remove(node);
	}

	@Override
	public void close() {
		TestHandlers.gate.countDown();
		ScheduleTestHandlers.gate.countDown();
		this.children.forEach(ChildJvmNode::close);
		this.nodes.forEach(TestNode::close);
		if (this.cleared) {
			// leave no schedule behind to fire into the next test's (or another suite's)
			// tables
			clearTables();
		}
	}

	private void clearTables() {
		try (Connection connection = TestDatabase.connect(this.database);
				Statement statement = connection.createStatement()) {
			for (String table : List.of("taskflow_schedule", "taskflow_attempt", "taskflow_job", "taskflow_queue",
					"taskflow_permit", "taskflow_attempt_archive", "taskflow_job_archive", "taskflow_statistics",
					"taskflow_step_edge", "taskflow_step", "taskflow_workflow")) {
				try {
					statement.executeUpdate("DELETE FROM " + table);
				}
				catch (SQLException ex) {
					// not created yet: the first node creates it empty
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not clear the TaskFlow tables: " + ex.getMessage(), ex);
		}
	}

}
