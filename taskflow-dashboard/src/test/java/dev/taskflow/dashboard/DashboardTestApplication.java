package dev.taskflow.dashboard;

import java.util.Map;

import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * The application the dashboard tests start: TaskFlow with a few handlers, without Spring
 * Security (on the tests' class path for {@link SecuredTestApplication}).
 *
 * @author TaskFlow
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = { "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration" })
@Import(DashboardTestApplication.Handlers.class)
class DashboardTestApplication {

	/**
	 * The test handlers.
	 */
	static class Handlers {

		@TaskHandler("dashboard.echo")
		Map<String, Object> echo(Map<String, Object> payload, TaskContext context) {
			LoggerFactory.getLogger("dashboard.echo").info("echoing attempt {}", context.attempt());
			return Map.of("echo", (payload != null) ? payload : Map.of());
		}

		@TaskHandler("dashboard.fail")
		void fail() {
			throw new IllegalStateException("dashboard boom");
		}

	}

}
