package dev.taskflow.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

import dev.taskflow.JobRequest;
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

		// the longest a held step waits for its release, so that a test that forgets it
		// does not keep a node from stopping
		private static final Duration HOLD_AT_MOST = Duration.ofMinutes(2);

		private static final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();

		/**
		 * Let the held steps of this name finish.
		 * @param name the payload of the {@code dashboard.hold} jobs
		 */
		static void release(String name) {
			latch(name).countDown();
		}

		private static CountDownLatch latch(String name) {
			return holds.computeIfAbsent(name, (key) -> new CountDownLatch(1));
		}

		@TaskHandler("dashboard.echo")
		Map<String, Object> echo(Map<String, Object> payload, TaskContext context) {
			LoggerFactory.getLogger("dashboard.echo").info("echoing attempt {}", context.attempt());
			return Map.of("echo", (payload != null) ? payload : Map.of());
		}

		@TaskHandler("dashboard.fail")
		void fail() {
			throw new IllegalStateException("dashboard boom");
		}

		/**
		 * A workflow step that runs until the test {@link #release(String) releases} it,
		 * or its workflow is cancelled.
		 */
		@TaskHandler("dashboard.hold")
		String hold(String name, TaskContext context) throws InterruptedException {
			CountDownLatch hold = latch(name);
			long deadline = System.nanoTime() + HOLD_AT_MOST.toNanos();
			boolean released = false;
			while (!released && !context.isCancellationRequested() && System.nanoTime() < deadline) {
				released = hold.await(50, TimeUnit.MILLISECONDS);
			}
			return name;
		}

		/**
		 * A job that reports 30 of 100 units done and a message naming its payload, then
		 * runs until the test {@link #release(String) releases} it.
		 */
		@TaskHandler("dashboard.progress")
		String progress(String name, TaskContext context) throws InterruptedException {
			context.progress(30, 100);
			context.progress("copying " + name);
			return hold(name, context);
		}

		/**
		 * A workflow step that spawns as many {@code dashboard.echo} jobs as its payload
		 * says.
		 */
		@TaskHandler("dashboard.spawn")
		int spawn(int count, TaskContext context) {
			List<JobRequest> children = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				children.add(JobRequest.of("dashboard.echo", Map.of("child", i)));
			}
			context.spawn(children);
			return count;
		}

	}

}
