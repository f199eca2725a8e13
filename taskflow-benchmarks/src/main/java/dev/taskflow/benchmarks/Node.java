package dev.taskflow.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.taskflow.TaskFlow;

/**
 * A TaskFlow node in this JVM.
 *
 * @author TaskFlow
 */
final class Node implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private Node(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static Node start(BenchDatabase database, Map<String, String> settings) {
		Map<String, Object> properties = new LinkedHashMap<>(database.properties());
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "warn");
		properties.put("spring.liquibase.enabled", "false");
		// a purge of the built-in retention schedule (every 10 minutes) would add its job
		// and its statements to whatever scenario runs then; a scenario may turn it on
		properties.put("spring.taskflow.retention.enabled", "false");
		properties.putAll(settings);
		return new Node(new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(properties)
			.run());
	}

	TaskFlow taskFlow() {
		return this.context.getBean(TaskFlow.class);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
