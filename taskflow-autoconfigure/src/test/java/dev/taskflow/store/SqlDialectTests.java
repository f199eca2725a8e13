package dev.taskflow.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SqlDialect}: which dialect a database's product name selects.
 *
 * @author TaskFlow
 */
class SqlDialectTests {

	@Test
	void supportedDatabasesAreRecognisedByTheirProductNames() {
		assertThat(SqlDialect.forProductName("PostgreSQL").name()).isEqualTo("PostgreSQL");
		assertThat(SqlDialect.forProductName("MariaDB").name()).isEqualTo("MariaDB/MySQL");
		assertThat(SqlDialect.forProductName("MySQL").name()).isEqualTo("MariaDB/MySQL");
		assertThat(SqlDialect.forProductName("H2").name()).isEqualTo("H2");
	}

	@Test
	void otherDatabasesAreRefusedNamingTheProduct() {
		assertThatExceptionOfType(UnsupportedDatabaseException.class)
			.isThrownBy(() -> SqlDialect.forProductName("Oracle"))
			.withMessageContaining("Oracle");
		assertThatExceptionOfType(UnsupportedDatabaseException.class).isThrownBy(() -> SqlDialect.forProductName(null));
	}

}
