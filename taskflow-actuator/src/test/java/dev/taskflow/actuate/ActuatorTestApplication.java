package dev.taskflow.actuate;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * The application the endpoint and health tests start: TaskFlow with a few handlers, and
 * a data source that a test can break.
 *
 * @author TaskFlow
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ActuatorTestApplication.Handlers.class)
class ActuatorTestApplication {

	@Bean
	static BeanPostProcessor breakableDataSourcePostProcessor() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof DataSource dataSource && !(bean instanceof BreakableDataSource))
						? new BreakableDataSource(dataSource) : bean;
			}

		};
	}

	/**
	 * The test handlers.
	 */
	static class Handlers {

		/**
		 * What an {@code actuate.progress} job waits for, by the {@code release} of its
		 * payload: the test that enqueued it counts it down.
		 */
		static final Map<String, CountDownLatch> RELEASES = new ConcurrentHashMap<>();

		@TaskHandler("actuate.echo")
		Map<String, Object> echo(Map<String, Object> payload, TaskContext context) {
			return Map.of("echo", (payload != null) ? payload : Map.of(), "attempt", context.attempt());
		}

		@TaskHandler("actuate.fail")
		void fail() {
			throw new IllegalStateException("actuate boom");
		}

		@TaskHandler("actuate.wait")
		void waitUntilAskedToStop(TaskContext context) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (!context.isCancellationRequested() && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
		}

		@TaskHandler("actuate.progress")
		void reportProgressAndWait(Map<String, Object> payload, TaskContext context) throws InterruptedException {
			context.progress(3, 10);
			context.progress("three of ten rows");
			CountDownLatch release = RELEASES.get((String) payload.get("release"));
			if (release != null) {
				release.await(30, TimeUnit.SECONDS);
			}
		}

		@TaskHandler("actuate.flaky")
		void flaky(TaskContext context) {
			LoggerFactory.getLogger("actuate.flaky").info("trying, attempt {}", context.attempt());
			if (context.attempt() == 1) {
				throw new IllegalStateException("actuate first attempt fails");
			}
			LoggerFactory.getLogger("actuate.flaky").info("done");
		}

	}

	/**
	 * A data source that refuses connections while broken, as an unreachable database
	 * does.
	 */
	static final class BreakableDataSource implements DataSource {

		private final DataSource delegate;

		private volatile boolean broken;

		BreakableDataSource(DataSource delegate) {
			this.delegate = delegate;
		}

		void broken(boolean broken) {
			this.broken = broken;
		}

		private void check() throws SQLException {
			if (this.broken) {
				throw new SQLException("Connection refused (broken by the test)", "08001");
			}
		}

		@Override
		public Connection getConnection() throws SQLException {
			check();
			return this.delegate.getConnection();
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			check();
			return this.delegate.getConnection(username, password);
		}

		@Override
		public PrintWriter getLogWriter() throws SQLException {
			return this.delegate.getLogWriter();
		}

		@Override
		public void setLogWriter(PrintWriter out) throws SQLException {
			this.delegate.setLogWriter(out);
		}

		@Override
		public void setLoginTimeout(int seconds) throws SQLException {
			this.delegate.setLoginTimeout(seconds);
		}

		@Override
		public int getLoginTimeout() throws SQLException {
			return this.delegate.getLoginTimeout();
		}

		@Override
		public Logger getParentLogger() throws SQLFeatureNotSupportedException {
			return this.delegate.getParentLogger();
		}

		@Override
		public <T> T unwrap(Class<T> type) throws SQLException {
			return type.isInstance(this) ? type.cast(this) : this.delegate.unwrap(type);
		}

		@Override
		public boolean isWrapperFor(Class<?> type) throws SQLException {
			return type.isInstance(this) || this.delegate.isWrapperFor(type);
		}

	}

}
