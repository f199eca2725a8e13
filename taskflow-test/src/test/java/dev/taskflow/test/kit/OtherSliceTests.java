package dev.taskflow.test.kit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.taskflow.JobRequest;
import dev.taskflow.TaskFlow;
import dev.taskflow.test.AutoConfigureTaskFlowTester;
import dev.taskflow.test.TaskFlowTester;

import static dev.taskflow.test.TaskFlowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @AutoConfigureTaskFlowTester} brings TaskFlow itself into a context that has
 * only a {@code DataSource}, as another test slice (a {@code @JdbcTest}, say) would have.
 *
 * @author TaskFlow
 */
@SpringBootTest(classes = OtherSliceTests.JdbcOnly.class)
@AutoConfigureTaskFlowTester
class OtherSliceTests {

	@Autowired
	private TaskFlow taskFlow;

	@Autowired
	private TaskFlowTester tester;

	@Test
	void runsJobsInAContextWithoutTaskFlowsAutoConfiguration() {
		Mailer.reset();
		this.taskFlow.enqueue(JobRequest.of("email.send", new Email("ada@example.com", "Welcome")));
		this.tester.runAll();
		assertThat(Mailer.sent).hasSize(1);
		assertThat(this.tester).hasNoFailedJobs();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class })
	@Import(Mailer.class)
	static class JdbcOnly {

	}

}
