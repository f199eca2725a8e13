package dev.taskflow.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.support.JdbcUtils;
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

	private final JdbcClient client;

	private final TransactionTemplate transaction;

	private final SqlDialect dialect;

	StoreSupport(DataSource dataSource, SqlDialect dialect) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.client = JdbcClient.create(this.jdbc);
		DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
		transactionManager.afterPropertiesSet();
		this.transaction = new TransactionTemplate(transactionManager);
		// READ COMMITTED everywhere: InnoDB's default REPEATABLE READ would take gap
		// locks while claiming and block concurrent enqueues. Asked for, it costs a round
		// trip per transaction (pgjdbc and Connector/J ask the server for the current
		// level), two more where it differs (set, then reset): taken as it comes where
		// the pool's connections have it already, as PostgreSQL's do by default
		this.transaction.setIsolationLevel(isReadCommitted(dataSource) ? TransactionDefinition.ISOLATION_DEFAULT
				: TransactionDefinition.ISOLATION_READ_COMMITTED);
		this.dialect = dialect;
	}

	/**
	 * Whether the data source's connections run at READ COMMITTED unless told otherwise.
	 * A pool resets the level of a connection that comes back changed, so one connection
	 * tells for all.
	 */
	private static boolean isReadCommitted(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getTransactionIsolation() == Connection.TRANSACTION_READ_COMMITTED;
		}
		catch (SQLException ex) {
			// asked for in every transaction then, at the cost of the round trips
			return false;
		}
	}

	/**
	 * The isolation level TaskFlow's own transactions ask for: for tests.
	 * @return a {@link TransactionDefinition} isolation constant
	 */
	int isolationLevel() {
		return this.transaction.getIsolationLevel();
	}

	JdbcTemplate jdbc() {
		return this.jdbc;
	}

	/**
	 * The same connections with named parameters, a collection expanding to one
	 * placeholder per element: for statements that name their rows by id lists
	 * ({@link SqlDialect#ids}) off the hot path. The claim, insert, outcome and lease
	 * statements keep prepared statements bound by hand: each runs many times a second,
	 * and JdbcClient parses and expands the statement on every call.
	 * @return the client
	 */
	JdbcClient client() {
		return this.client;
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	/**
	 * A template whose statements the database cuts off after the given time: for the
	 * periodic queries of a node (rescue, dead nodes, waiting jobs, statistics), so that
	 * one slow scan cannot hold up what runs after it.
	 * @param timeout how long a statement may take (rounded up to whole seconds)
	 * @return the template
	 */
	JdbcTemplate jdbc(Duration timeout) {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
		return jdbc;
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
	 * Run statements of TaskFlow's own that need no transaction of their own (each is
	 * atomic alone, or their order makes a partial run harmless): in the caller's
	 * transaction when there is one, else on one connection that is committed at the end
	 * when the pool hands out connections with auto-commit off. Without that commit a
	 * pool tuned with auto-commit off (common with JPA) would roll the writes back when
	 * the connection returns to it. With auto-commit on, as most pools are, this costs no
	 * round trip more than the statements.
	 * @param <T> the result type
	 * @param work the work
	 * @return the work's result
	 */
	<T> T autoCommitted(Supplier<T> work) {
		if (isCallerTransaction()) {
			return work.get();
		}
		return retryingDeadlocks(() -> onCommittedConnection(work));
	}

	private <T> T onCommittedConnection(Supplier<T> work) {
		// straight from the pool, not through DataSourceUtils: that would bind it to a
		// transaction synchronization of another resource the caller may have open
		Connection connection = openConnection();
		// bound, so the work's statements find it as they find a transaction's
		TransactionSynchronizationManager.bindResource(this.dataSource, new ConnectionHolder(connection));
		try {
			T result = work.get();
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
			return result;
		}
		catch (SQLException ex) {
			rollbackQuietly(connection);
			throw this.jdbc.getExceptionTranslator().translate("commit", null, ex);
		}
		catch (RuntimeException | Error ex) {
			rollbackQuietly(connection);
			throw ex;
		}
		finally {
			TransactionSynchronizationManager.unbindResource(this.dataSource);
			JdbcUtils.closeConnection(connection);
		}
	}

	private Connection openConnection() {
		try {
			return this.dataSource.getConnection();
		}
		catch (SQLException ex) {
			throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", ex);
		}
	}

	private static void rollbackQuietly(Connection connection) {
		try {
			if (!connection.getAutoCommit()) {
				connection.rollback();
			}
		}
		catch (SQLException ex) {
			// the connection is broken: the pool discards it, and its work with it
		}
	}

	/**
	 * Run work of TaskFlow's own again when the database rolled it back as the victim of
	 * a deadlock: InnoDB picks one when two transactions lock rows in different orders (a
	 * batch of outcomes and a lease renewal, say), and advises to run it again.
	 */
	private <T> T retryingDeadlocks(Supplier<T> work) {
		for (int attempt = 1;; attempt++) {
			try {
				return work.get();
			}
			catch (PessimisticLockingFailureException ex) {
				// in a caller's transaction the whole transaction is gone: theirs to
				// retry
				if (attempt >= DEADLOCK_ATTEMPTS || isCallerTransaction()) {
					throw ex;
				}
			}
		}
	}

	boolean isCallerTransaction() {
		return TransactionSynchronizationManager.getResource(this.dataSource) != null;
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
		if (isCallerTransaction()) {
			return work.get();
		}
		return inTransaction(work);
	}

	/**
	 * The condition that a job the statement finds by its id has the given status, for
	 * statements that find their rows by id (outcomes, lease renewals, cancels). Written
	 * as {@code status = 'RUNNING'}, it let PostgreSQL's planner use the partial index of
	 * that status ({@code taskflow_job_lease_idx} for {@code RUNNING}, the claim index
	 * for {@code PENDING}) instead of the primary key, whenever the statistics said the
	 * status had almost no rows: as they do on a table analyzed at a quiet moment, while
	 * thousands of jobs run now. Each id then read every row of that index; on a table
	 * with 3,000 running jobs the outcomes of 500 took 600 ms instead of 30, and the node
	 * fell behind for good. No index predicate matches this expression, so the row is
	 * found by its primary key and the status checked on it.
	 * @param column the status column, qualified where the statement needs it
	 * @param status the status
	 * @return the condition
	 */
	static String statusOfRowIs(String column, String status) {
		return "CONCAT(" + column + ", '') = '" + status + "'";
	}

	// for the statements of the hot path, and for those that mix an id list with the
	// positional parameters of a filter (JobFilterSql, the retention's cutoff)
	static String placeholders(int count) {
		return String.join(", ", Collections.nCopies(count, "?"));
	}

}
