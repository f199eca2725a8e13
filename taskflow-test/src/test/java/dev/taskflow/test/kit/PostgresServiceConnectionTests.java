package dev.taskflow.test.kit;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

import dev.taskflow.test.AutoConfigureTaskFlowTester;

import static dev.taskflow.test.TaskFlowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit on a database Testcontainers starts and {@code @ServiceConnection} connects, as
 * users with Docker write it. Skipped where Docker is missing (the other PostgreSQL tests
 * of the kit run on the local server there).
 *
 * @author TaskFlow
 */
@AutoConfigureTaskFlowTester
@Testcontainers(disabledWithoutDocker = true)
class PostgresServiceConnectionTests extends AbstractKitTests {

	@Container
	@ServiceConnection
	static PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:16-alpine");

	@Test
	void runsJobsOnTheContainersDatabase() {
		this.signup.register("ada@example.com");
		assertThat(this.tester).hasEnqueued("email.send").times(1);
		this.tester.runAll();
		assertThat(Mailer.sent).hasSize(1);
	}

}
