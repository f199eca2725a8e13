package dev.taskflow.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Throws an {@link AssertionError} once, from the next statement a thread of the given
 * name prepares: an {@code Error} where a node's loop talks to the database, as a bug in
 * a driver, a proxy or TaskFlow itself would throw it. Every later statement works.
 *
 * @author TaskFlow
 */
class ErrorInjecting {

	/**
	 * The start of the name of the thread whose next statement throws, or {@code null}.
	 */
	static final AtomicReference<String> armed = new AtomicReference<>();

	/**
	 * How many errors were thrown.
	 */
	static final AtomicInteger thrown = new AtomicInteger();

	static void reset() {
		armed.set(null);
		thrown.set(0);
	}

	/**
	 * Throw from the next statement of the threads whose names start with the given
	 * prefix.
	 * @param threadName the start of the thread's name
	 */
	static void arm(String threadName) {
		armed.set(threadName);
	}

	@Bean
	static BeanPostProcessor errorInjectingDataSource() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof DataSource dataSource) ? new InjectingDataSource(dataSource) : bean;
			}

		};
	}

	private static boolean takeTurn() {
		String prefix = armed.get();
		return prefix != null && Thread.currentThread().getName().startsWith(prefix)
				&& armed.compareAndSet(prefix, null);
	}

	private static final class InjectingDataSource extends DelegatingDataSource {

		InjectingDataSource(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			Connection connection = super.getConnection();
			return (Connection) Proxy.newProxyInstance(ErrorInjecting.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
						String name = method.getName();
						if ((name.equals("prepareStatement") || name.equals("createStatement")) && takeTurn()) {
							thrown.incrementAndGet();
							throw new AssertionError("injected by the test into " + Thread.currentThread().getName());
						}
						try {
							return method.invoke(connection, arguments);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
					});
		}

	}

}
