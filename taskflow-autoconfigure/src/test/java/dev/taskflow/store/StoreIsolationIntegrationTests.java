package dev.taskflow.store;

import java.util.Locale;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.transaction.TransactionDefinition;

import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TaskFlow's own transactions run at READ COMMITTED whatever level the application's pool
 * hands its connections out at, and ask for it only where they must: asking costs a round
 * trip to the server per transaction on PostgreSQL and MariaDB.
 *
 * @author TaskFlow
 */
class StoreIsolationIntegrationTests {

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void ownTransactionsRunAtReadCommittedAtThePoolsDefaultLevel(TestDatabase database) {
		try (HikariDataSource pool = pool(database, null)) {
			StoreSupport store = new StoreSupport(pool, SqlDialect.of(pool));
			assertThat(store.inTransaction(() -> isolation(store, database))).isEqualTo("READ COMMITTED");
		}
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void ownTransactionsRunAtReadCommittedWhenThePoolIsSetToAnotherLevel(TestDatabase database) {
		try (HikariDataSource pool = pool(database, "TRANSACTION_SERIALIZABLE")) {
			StoreSupport store = new StoreSupport(pool, SqlDialect.of(pool));
			assertThat(store.isolationLevel()).isEqualTo(TransactionDefinition.ISOLATION_READ_COMMITTED);
			assertThat(store.inTransaction(() -> isolation(store, database))).isEqualTo("READ COMMITTED");
			// and the connection goes back to the pool at its level
			assertThat(isolation(store, database)).isEqualTo("SERIALIZABLE");
		}
	}

	@Test
	void postgresConnectionsAtReadCommittedAlreadyAreTakenAsTheyComeWithoutAskingTheServer() {
		try (HikariDataSource pool = pool(TestDatabase.POSTGRESQL, null)) {
			assertThat(new StoreSupport(pool, SqlDialect.of(pool)).isolationLevel())
				.isEqualTo(TransactionDefinition.ISOLATION_DEFAULT);
		}
	}

	@Test
	void mariaDbConnectionsAtRepeatableReadAreSetToReadCommittedInEachTransaction() {
		try (HikariDataSource pool = pool(TestDatabase.MARIADB, null)) {
			StoreSupport store = new StoreSupport(pool, SqlDialect.of(pool));
			assertThat(isolation(store, TestDatabase.MARIADB)).isEqualTo("REPEATABLE READ");
			assertThat(store.isolationLevel()).isEqualTo(TransactionDefinition.ISOLATION_READ_COMMITTED);
		}
	}

	private static String isolation(StoreSupport store, TestDatabase database) {
		String sql = switch (database) {
			case POSTGRESQL -> "SHOW transaction_isolation";
			case MARIADB -> "SELECT @@tx_isolation";
			case H2 -> "SELECT ISOLATION_LEVEL FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID = SESSION_ID()";
		};
		return store.jdbc().queryForObject(sql, String.class).toUpperCase(Locale.ROOT).replace('-', ' ');
	}

	private static HikariDataSource pool(TestDatabase database, String isolation) {
		Map<String, String> properties = database.dataSourceProperties();
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(properties.get("spring.datasource.url"));
		pool.setUsername(properties.get("spring.datasource.username"));
		pool.setPassword(properties.get("spring.datasource.password"));
		pool.setMaximumPoolSize(2);
		if (isolation != null) {
			pool.setTransactionIsolation(isolation);
		}
		return pool;
	}

}
