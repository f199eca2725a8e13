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

	private static final Object STARTING = new Object();

	private final ConfigurableApplicationContext context;

	private Node(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static Node start(BenchDatabase database, Map<String, String> settings) {
		return start(database, settings, WebApplicationType.NONE);
	}

	/**
	 * A node with a web server on a free port (and so the dashboard).
	 * @param database the database
	 * @param settings its settings beside the database's
	 * @return the node
	 */
	static Node startWeb(BenchDatabase database, Map<String, String> settings) {
		Map<String, String> web = new LinkedHashMap<>(settings);
		web.put("server.port", "0");
		return start(database, web, WebApplicationType.SERVLET);
	}

	private static Node start(BenchDatabase database, Map<String, String> settings, WebApplicationType type) {
		Map<String, Object> properties = new LinkedHashMap<>(database.properties());
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "warn");
		properties.put("spring.liquibase.enabled", "false");
		// a purge of the built-in retention schedule (every 10 minutes) would add its job
		// and its statements to whatever scenario runs then; a scenario may turn it on
		properties.put("spring.taskflow.retention.enabled", "false");
		properties.putAll(settings);
		// one start or close at a time: Spring Boot's logging system, shared by the JVM,
		// is set up by each start and cleaned up by each close, and two at once can
		// clash ("Unknown format 'CONSOLE_LOG_STRUCTURED_FORMAT_IS_UNDEFINED'")
		synchronized (STARTING) {
			return new Node(new SpringApplicationBuilder(BenchmarkApplication.class).web(type)
				.logStartupInfo(false)
				.properties(properties)
				.run());
		}
	}

	/**
	 * The port of its web server.
	 * @return the port
	 */
	int port() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port", "-1"));
	}

	TaskFlow taskFlow() {
		return this.context.getBean(TaskFlow.class);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		// a close cleans the logging system up: not while another node starts
		synchronized (STARTING) {
			this.context.close();
		}
	}

}
