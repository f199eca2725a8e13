package dev.taskflow.engine;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Kills, on the database server, the connection the next outcome write is given, as an
 * administrator or a failover does: the pool hands it out without knowing, the write
 * fails, and every later connection works.
 *
 * @author TaskFlow
 */
class ConnectionKilling {

	/**
	 * Whether the next connection the outcome writer borrows is killed before it is used.
	 */
	static final AtomicBoolean armed = new AtomicBoolean();

	/**
	 * How many connections were killed.
	 */
	static volatile int killed;

	static void reset() {
		armed.set(false);
		killed = 0;
	}

	@Bean
	static BeanPostProcessor connectionKillingDataSource(Environment environment) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof DataSource dataSource) ? new KillingDataSource(dataSource, environment) : bean;
			}

		};
	}

	private static final class KillingDataSource extends DelegatingDataSource {

		private final Environment environment;

		KillingDataSource(DataSource target, Environment environment) {
			super(target);
			this.environment = environment;
		}

		@Override
		public Connection getConnection() throws SQLException {
			Connection connection = super.getConnection();
			if (Thread.currentThread().getName().equals("taskflow-completions") && armed.compareAndSet(true, false)) {
				kill(connection);
				killed++;
			}
			return connection;
		}

		private void kill(Connection victim) throws SQLException {
			boolean postgres = victim.getMetaData().getDatabaseProductName().equals("PostgreSQL");
			long id;
			try (Statement statement = victim.createStatement();
					ResultSet row = statement
						.executeQuery(postgres ? "SELECT pg_backend_pid()" : "SELECT CONNECTION_ID()")) {
				row.next();
				id = row.getLong(1);
			}
			try (Connection killer = DriverManager.getConnection(this.environment.getProperty("spring.datasource.url"),
					this.environment.getProperty("spring.datasource.username"),
					this.environment.getProperty("spring.datasource.password"))) {
				// PostgreSQL waits up to 5 s for the backend to be gone
				try (PreparedStatement statement = killer.prepareStatement(
						postgres ? "SELECT pg_terminate_backend(CAST(? AS integer), 5000)" : "KILL CONNECTION ?")) {
					statement.setLong(1, id);
					statement.execute();
				}
			}
		}

	}

}
