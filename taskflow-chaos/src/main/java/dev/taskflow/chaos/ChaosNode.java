package dev.taskflow.chaos;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Import;

/**
 * The node application the harness starts in JVMs of its own: TaskFlow with the chaos
 * handlers and a schedule firing every second, short leases so that rescues happen within
 * a run. It prints {@value #READY} once started and stops on SIGTERM like any Spring Boot
 * application.
 *
 * @author TaskFlow
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ChaosHandlers.class)
public class ChaosNode {

	static final String READY = "CHAOS-NODE-READY";

	static final String TICK = "chaos.tick";

	/**
	 * Settings every node runs with; the harness's checks depend on them.
	 */
	static final Map<String, String> SETTINGS = settings();

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ChaosNode.class);
		application.setDefaultProperties(new LinkedHashMap<>(SETTINGS));
		application.addListeners((ApplicationListener<ApplicationReadyEvent>) (event) -> {
			System.out.println(READY);
			System.out.flush();
		});
		application.run(args);
	}

	private static Map<String, String> settings() {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("spring.main.web-application-type", "none");
		settings.put("spring.main.banner-mode", "off");
		settings.put("spring.taskflow.worker.lease", "3s");
		settings.put("spring.taskflow.worker.heartbeat-interval", "1s");
		settings.put("spring.taskflow.worker.poll-interval", "500ms");
		settings.put("spring.taskflow.worker.threads", "4");
		settings.put("spring.taskflow.worker.prefetch", "2");
		settings.put("spring.taskflow.shutdown.await", "3s");
		// a drained (or stopped) node asks its running jobs to stop after the await, and
		// interrupts those that do not within this grace: a rolling deploy waits for it
		settings.put("spring.taskflow.workflow.cancel-grace", "2s");
		settings.put("spring.taskflow.retry.backoff.initial", "200ms");
		settings.put("spring.taskflow.retry.backoff.max", "2s");
		settings.put("spring.taskflow.schedules[" + TICK + "].every", "1s");
		settings.put("spring.taskflow.schedules[" + TICK + "].misfire", "FIRE_ALL");
		// the checks account for every job in the table by the executions its handler
		// records; TaskFlow's own retention purges record none (its suites test it)
		settings.put("spring.taskflow.retention.enabled", "false");
		settings.put("spring.datasource.hikari.maximum-pool-size", "10");
		settings.put("spring.datasource.hikari.connection-timeout", "3000");
		settings.put("spring.datasource.hikari.validation-timeout", "1000");
		return settings;
	}

}
