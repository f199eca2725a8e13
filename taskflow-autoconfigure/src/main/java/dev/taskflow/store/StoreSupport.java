package dev.taskflow.store;

import java.util.Collections;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The JDBC plumbing the store's parts share: a template on the application's data source,
 * a private transaction manager (never exposed as a bean, so the application's own stays
 * the only one) and the dialect.
 *
 * @author TaskFlow
 */
final class StoreSupport {

	private static final int DEADLOCK_ATTEMPTS = 5;

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final SqlDialect dialect;

	StoreSupport(DataSource dataSource, SqlDialect dialect) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
		transactionManager.afterPropertiesSet();
		this.transaction = new TransactionTemplate(transactionManager);
		// READ COMMITTED everywhere: InnoDB's default REPEATABLE READ would take gap
		// locks
		// while claiming and block concurrent enqueues
		this.transaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
		this.dialect = dialect;
	}

	JdbcTemplate jdbc() {
		return this.jdbc;
	}

	SqlDialect dialect() {
		return this.dialect;
	}

	/**
	 * Run the work in a transaction of TaskFlow's own.
	 * @param <T> the result type
	 * @param work the work
	 * @return the work's result
	 */
	<T> T inTransaction(Supplier<T> work) {
		return retryingDeadlocks(() -> this.transaction.execute((status) -> work.get()));
	}

	/**
	 * Run work of TaskFlow's own (a transaction of its own, or one statement outside any
	 * transaction) again when the database rolled it back as the victim of a deadlock:
	 * InnoDB picks one when two transactions lock rows in different orders (a batch of
	 * outcomes and a lease renewal, say), and advises to run it again.
	 * @param <T> the result type
	 * @param work the work
	 * @return the work's result
	 */
	<T> T retryingDeadlocks(Supplier<T> work) {
		for (int attempt = 1;; attempt++) {
			try {
				return work.get();
			}
			catch (PessimisticLockingFailureException ex) {
				// in a caller's transaction the whole transaction is gone: theirs to
				// retry
				if (attempt >= DEADLOCK_ATTEMPTS
						|| TransactionSynchronizationManager.getResource(this.dataSource) != null) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Run the work in the caller's transaction on this data source when there is one (so
	 * a job enqueued there exists exactly when it commits), else in a transaction of our
	 * own.
	 * @param <T> the result type
	 * @param work the work
	 * @return the work's result
	 */
	<T> T inCallerTransaction(Supplier<T> work) {
		if (TransactionSynchronizationManager.getResource(this.dataSource) != null) {
			return work.get();
		}
		return inTransaction(work);
	}

	static String placeholders(int count) {
		return String.join(", ", Collections.nCopies(count, "?"));
	}

}
