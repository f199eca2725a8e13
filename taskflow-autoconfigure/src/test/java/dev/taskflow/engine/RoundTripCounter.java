package dev.taskflow.engine;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts what a node asks of its database through its {@link DataSource}, per thread that
 * asks: a wrapper in front of the pool, with the real database behind it. The counting
 * rule:
 * <ul>
 * <li><b>statements</b>: every call that sends SQL ({@code execute},
 * {@code executeQuery}, {@code executeUpdate}, {@code executeLargeUpdate},
 * {@code executeBatch}, {@code executeLargeBatch}) counts one, whatever number of rows it
 * carries: a JDBC batch goes to the server in one round trip, as a multi-row INSERT
 * does;</li>
 * <li><b>batched</b>: every {@code addBatch}, counted apart from the statements, so that
 * a batch that grows from one row per job to two shows although its round trips do
 * not;</li>
 * <li><b>commits</b> and <b>rollbacks</b>: calls of {@code Connection.commit} and
 * {@code rollback}, which the store makes only on connections in a transaction;</li>
 * <li><b>borrows</b>: connections taken from the pool ({@code getConnection}); a claim,
 * an outcome write or an enqueue takes one, so the most and the fewest statements and
 * commits on one borrowed connection are those of the largest and the smallest such unit
 * of work.</li>
 * </ul>
 * Round trips a pool or a driver makes on its own (Hikari's validation and reset, a
 * driver's {@code SET autocommit}) are not counted: the counter sees what TaskFlow asks
 * for, not how the driver answers it.
 *
 * @author TaskFlow
 */
final class RoundTripCounter {

	private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
			"executeLargeUpdate", "executeBatch", "executeLargeBatch");

	private final Map<String, Tally> byThread = new ConcurrentHashMap<>();

	/**
	 * Wrap a data source so that what goes through it is counted.
	 * @param target the data source
	 * @return the counting data source
	 */
	DataSource wrap(DataSource target) {
		return new CountingDataSource(target);
	}

	/**
	 * Forget everything counted so far.
	 */
	void reset() {
		this.byThread.clear();
	}

	/**
	 * What the threads whose names match asked for since the last reset.
	 * @param threads which threads
	 * @return the sum of their round trips
	 */
	RoundTrips of(Predicate<String> threads) {
		RoundTrips sum = RoundTrips.NONE;
		for (Map.Entry<String, Tally> entry : this.byThread.entrySet()) {
			if (threads.test(entry.getKey())) {
				sum = sum.plus(entry.getValue().read());
			}
		}
		return sum;
	}

	/**
	 * What each of the node's loops asked for since the last reset, by thread name
	 * without its number ({@code taskflow-worker-3} counts as {@code taskflow-worker}).
	 * @return the round trips of each loop, by name
	 */
	Map<String, RoundTrips> byLoop() {
		Map<String, RoundTrips> loops = new TreeMap<>();
		this.byThread.forEach((thread, tally) -> loops.merge(loopOf(thread), tally.read(), RoundTrips::plus));
		return loops;
	}

	static String loopOf(String thread) {
		return thread.replaceFirst("-?\\d+$", "");
	}

	private Tally tally() {
		return this.byThread.computeIfAbsent(Thread.currentThread().getName(), (name) -> new Tally());
	}

	/**
	 * Statements, batched rows, commits, rollbacks and borrows.
	 *
	 * @param statements calls that sent SQL (a batch counts one)
	 * @param batched rows added to batches
	 * @param commits commits
	 * @param rollbacks rollbacks
	 * @param borrows connections taken from the pool
	 * @param mostStatementsPerBorrow the most statements sent on one borrowed connection
	 * (counted when it goes back to the pool)
	 * @param mostCommitsPerBorrow the most commits on one borrowed connection
	 * @param fewestStatementsPerBorrow the fewest statements sent on one borrowed
	 * connection ({@link Long#MAX_VALUE} while none went back)
	 * @param fewestCommitsPerBorrow the fewest commits on one borrowed connection
	 */
	record RoundTrips(long statements, long batched, long commits, long rollbacks, long borrows,
			long mostStatementsPerBorrow, long mostCommitsPerBorrow, long fewestStatementsPerBorrow,
			long fewestCommitsPerBorrow) {

		static final RoundTrips NONE = new RoundTrips(0, 0, 0, 0, 0, 0, 0, Long.MAX_VALUE, Long.MAX_VALUE);

		RoundTrips plus(RoundTrips other) {
			return new RoundTrips(this.statements + other.statements, this.batched + other.batched,
					this.commits + other.commits, this.rollbacks + other.rollbacks, this.borrows + other.borrows,
					Math.max(this.mostStatementsPerBorrow, other.mostStatementsPerBorrow),
					Math.max(this.mostCommitsPerBorrow, other.mostCommitsPerBorrow),
					Math.min(this.fewestStatementsPerBorrow, other.fewestStatementsPerBorrow),
					Math.min(this.fewestCommitsPerBorrow, other.fewestCommitsPerBorrow));
		}

		@Override
		public String toString() {
			String perBorrow = (this.fewestStatementsPerBorrow != Long.MAX_VALUE)
					? " (" + this.fewestStatementsPerBorrow + " to " + this.mostStatementsPerBorrow + " statements, "
							+ this.fewestCommitsPerBorrow + " to " + this.mostCommitsPerBorrow + " commits on one)"
					: "";
			return this.statements + " statements (" + this.batched + " batched rows), " + this.commits + " commits, "
					+ this.rollbacks + " rollbacks, " + this.borrows + " borrows" + perBorrow;
		}

	}

	private static final class Tally {

		private final LongAdder statements = new LongAdder();

		private final LongAdder batched = new LongAdder();

		private final LongAdder commits = new LongAdder();

		private final LongAdder rollbacks = new LongAdder();

		private final LongAdder borrows = new LongAdder();

		private final LongAccumulator mostStatementsPerBorrow = new LongAccumulator(Math::max, 0);

		private final LongAccumulator mostCommitsPerBorrow = new LongAccumulator(Math::max, 0);

		private final LongAccumulator fewestStatementsPerBorrow = new LongAccumulator(Math::min, Long.MAX_VALUE);

		private final LongAccumulator fewestCommitsPerBorrow = new LongAccumulator(Math::min, Long.MAX_VALUE);

		void returned(Borrow borrow) {
			this.mostStatementsPerBorrow.accumulate(borrow.statements.get());
			this.mostCommitsPerBorrow.accumulate(borrow.commits.get());
			this.fewestStatementsPerBorrow.accumulate(borrow.statements.get());
			this.fewestCommitsPerBorrow.accumulate(borrow.commits.get());
		}

		RoundTrips read() {
			return new RoundTrips(this.statements.sum(), this.batched.sum(), this.commits.sum(), this.rollbacks.sum(),
					this.borrows.sum(), this.mostStatementsPerBorrow.get(), this.mostCommitsPerBorrow.get(),
					this.fewestStatementsPerBorrow.get(), this.fewestCommitsPerBorrow.get());
		}

	}

	// what was sent on one borrowed connection
	private static final class Borrow {

		private final AtomicInteger statements = new AtomicInteger();

		private final AtomicInteger commits = new AtomicInteger();

	}

	private final class CountingDataSource extends DelegatingDataSource {

		CountingDataSource(DataSource target) {
			super(target);
		}

		@Override
		public Connection getConnection() throws SQLException {
			Connection connection = super.getConnection();
			tally().borrows.increment();
			return counting(connection);
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			Connection connection = super.getConnection(username, password);
			tally().borrows.increment();
			return counting(connection);
		}

		private Connection counting(Connection target) {
			Borrow borrow = new Borrow();
			Connection[] self = new Connection[1];
			self[0] = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, args) -> {
						switch (method.getName()) {
							case "equals" -> {
								return proxy == args[0];
							}
							case "hashCode" -> {
								return System.identityHashCode(proxy);
							}
							case "commit" -> {
								tally().commits.increment();
								borrow.commits.incrementAndGet();
							}
							case "rollback" -> tally().rollbacks.increment();
							case "close" -> tally().returned(borrow);
							default -> {
							}
						}
						Object result = invoke(target, method, args);
						return (result instanceof Statement statement)
								? counting(statement, method.getReturnType(), self[0], borrow) : result;
					});
			return self[0];
		}

		private Statement counting(Statement target, Class<?> type, Connection connection, Borrow borrow) {
			InvocationHandler handler = (proxy, method, args) -> {
				String name = method.getName();
				if (name.equals("equals")) {
					return proxy == args[0];
				}
				if (name.equals("hashCode")) {
					return System.identityHashCode(proxy);
				}
				if (EXECUTIONS.contains(name)) {
					tally().statements.increment();
					borrow.statements.incrementAndGet();
				}
				else if (name.equals("addBatch")) {
					tally().batched.increment();
				}
				else if (name.equals("getConnection")) {
					// what is done through it is counted too
					return connection;
				}
				return invoke(target, method, args);
			};
			return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type }, handler);
		}

		private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
			try {
				return method.invoke(target, args);
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		}

	}

}
