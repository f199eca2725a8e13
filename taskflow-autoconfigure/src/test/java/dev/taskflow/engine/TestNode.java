package dev.taskflow.engine;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

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

	JdbcTemplate jdbc() {
		return new JdbcTemplate(this.context.getBean(DataSource.class));
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
