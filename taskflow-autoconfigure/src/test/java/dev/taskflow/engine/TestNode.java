package dev.taskflow.engine;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.taskflow.JobId;
import dev.taskflow.TaskFlow;
import dev.taskflow.TaskFlowClock;

/**
 * One TaskFlow node for integration tests: a real Spring Boot application with the test
 * handlers, on the given database.
 *
 * @author TaskFlow
 */
final class TestNode implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private TestNode(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static TestNode start(Map<String, String> database, String... properties) {
		return start(database, List.of(), null, properties);
	}

	/**
	 * Start a node with more configuration than the default test handlers.
	 * @param database the data source properties
	 * @param configurations further configuration classes (more handlers, for example)
	 * @param clock the clock of the node's {@link TaskFlowClock}, which its schedules
	 * follow, or {@code null} for the database's clock
	 * @param properties further properties as {@code name=value}
	 * @return the started node
	 */
	static TestNode start(Map<String, String> database, List<Class<?>> configurations, Clock clock,
			String... properties) {
		Map<String, Object> all = new LinkedHashMap<>(database);
		all.put("spring.main.banner-mode", "off");
		all.put("spring.liquibase.enabled", "false");
		all.put("spring.taskflow.worker.poll-interval", "100ms");
		all.put("spring.taskflow.retry.backoff.initial", "10ms");
		all.put("spring.taskflow.retry.backoff.max", "50ms");
		all.put("spring.taskflow.retry.backoff.jitter", "0");
		all.put("spring.taskflow.shutdown.await", "2s");
		// the built-in retention schedule would fire at every 10-minute boundary, adding
		// a
		// job and its statements to whatever test runs then: it fires in 2069 unless a
		// test
		// sets its own interval (or triggers it)
		all.put("spring.taskflow.retention.interval", "36500d");
		for (String property : properties) {
			int equals = property.indexOf('=');
			all.put(property.substring(0, equals), property.substring(equals + 1));
		}
		SpringApplicationBuilder builder = new SpringApplicationBuilder(NodeApplication.class)
			.sources(configurations.toArray(Class<?>[]::new))
			.web(WebApplicationType.NONE)
			.properties(all);
		if (clock != null) {
			builder.initializers(
					(context) -> context.getBeanFactory().registerSingleton("taskFlowClock", TaskFlowClock.of(clock)));
		}
		ConfigurableApplicationContext context = builder.run();
		return new TestNode(context);
	}

	TaskFlow taskFlow() {
		return this.context.getBean(TaskFlow.class);
	}

	WorkerNode worker() {
		return this.context.getBean(WorkerNode.class);
	}

	/**
	 * The test's own view of the node's database: on connections of its own with
	 * auto-commit on, whatever the node's pool does, so that what a test writes is
	 * committed.
	 * @return the template
	 */
	JdbcTemplate jdbc() {
		Environment environment = this.context.getEnvironment();
		return new JdbcTemplate(new DriverManagerDataSource(environment.getProperty("spring.datasource.url"),
				environment.getProperty("spring.datasource.username"),
				environment.getProperty("spring.datasource.password")));
	}

	/**
	 * Open a connection of the test's own to the node's database.
	 * @return the connection
	 * @throws SQLException on failure
	 */
	Connection connect() throws SQLException {
		Environment environment = this.context.getEnvironment();
		return DriverManager.getConnection(environment.getProperty("spring.datasource.url"),
				environment.getProperty("spring.datasource.username"),
				environment.getProperty("spring.datasource.password"));
	}

	/**
	 * Wait until this node's lease renewal has confirmed that the job's current attempt
	 * started, as it does once per heartbeat interval: from then on, a rescue counts the
	 * attempt (before, it gives it back, as for a job that may never have started).
	 * @param id the job
	 */
	void awaitStartConfirmed(JobId id) {
		String confirmed = "SELECT COUNT(*) FROM taskflow_job WHERE id = '" + id
				+ "' AND status = 'RUNNING' AND confirmed_attempt = attempt";
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> jdbc().queryForObject(confirmed, Integer.class) == 1);
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	/**
	 * Halt every thread of the node without releasing anything, as a crash would, then
	 * close the context.
	 */
	void crash() {
		worker().halt();
		this.context.close();
	}

	@Override
	public void close() {
		this.context.close();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestHandlers.class)
	static class NodeApplication {

	}

}
