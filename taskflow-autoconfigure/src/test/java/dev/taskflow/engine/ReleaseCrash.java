package dev.taskflow.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A node that dies between storing the outcome of a workflow step's job and releasing the
 * steps after it: while armed, every statement of its data source that releases children
 * fails, as if the node had died there, and its transaction (with the outcome) rolls
 * back.
 *
 * @author TaskFlow
 */
class ReleaseCrash {

	/**
	 * Whether the release fails.
	 */
	static final AtomicBoolean armed = new AtomicBoolean();

	/**
	 * How many releases failed.
	 */
	static final AtomicInteger crashes = new AtomicInteger();

	static void reset() {
		armed.set(false);
		crashes.set(0);
	}

	@Bean
	static BeanPostProcessor releaseCrashingDataSource() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof DataSource dataSource) ? new CrashingDataSource(dataSource) : bean;
			}

		};
	}

	private static final class CrashingDataSource extends DelegatingDataSource {

		CrashingDataSource(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			Connection connection = super.getConnection();
			return (Connection) Proxy.newProxyInstance(ReleaseCrash.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
						if (method.getName().equals("prepareStatement") && arguments != null
								&& arguments[0] instanceof String sql
								&& sql.contains("waiting_parents = waiting_parents - ") && armed.get()) {
							crashes.incrementAndGet();
							// the connection is gone, as when the node dies: the
							// transaction
							// with the outcome rolls back, and the writer keeps the
							// outcome
							// for a retry that never comes (the test halts the node)
							throw new SQLTransientConnectionException(
									"simulated crash of the node between the outcome and the release");
						}
						try {
							return method.invoke(connection, arguments);
						}
						catch (InvocationTargetException ex) {
							throw ex.getTargetException();
						}
					});
		}

	}

}
