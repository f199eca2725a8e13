package dev.taskflow.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Holds the dispatcher's next claim until the test lets it go: the connection it asks for
 * comes only then, as from a pool or a database that answers late.
 *
 * @author TaskFlow
 */
class ClaimHolding {

	private static final AtomicBoolean armed = new AtomicBoolean();

	/**
	 * Counted down once the dispatcher waits for its connection.
	 */
	static volatile CountDownLatch held = new CountDownLatch(1);

	/**
	 * Counted down by the test to let the claim go on.
	 */
	static volatile CountDownLatch release = new CountDownLatch(1);

	/**
	 * Hold the dispatcher's next claim.
	 */
	static void arm() {
		held = new CountDownLatch(1);
		release = new CountDownLatch(1);
		armed.set(true);
	}

	@Bean
	static BeanPostProcessor claimHoldingDataSource() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof DataSource dataSource) ? new HoldingDataSource(dataSource) : bean;
			}

		};
	}

	private static final class HoldingDataSource extends DelegatingDataSource {

		HoldingDataSource(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			if (Thread.currentThread().getName().equals("taskflow-dispatcher") && armed.compareAndSet(true, false)) {
				held.countDown();
				try {
					release.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			return super.getConnection();
		}

	}

}
