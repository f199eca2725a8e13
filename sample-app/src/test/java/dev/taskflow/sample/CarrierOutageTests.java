package dev.taskflow.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;
import dev.taskflow.WorkflowId;
import dev.taskflow.WorkflowStatus;
import dev.taskflow.WorkflowView;
import dev.taskflow.test.AutoConfigureTaskFlowTester;
import dev.taskflow.test.TaskFlowTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checkout's flaky step when the carrier is down for good
 * ({@code sample.shipping.failure-rate=1.0}): the shipment is retried as TaskFlow's clock
 * moves past each back-off, and once it runs out of attempts the checkout is compensated.
 *
 * @author TaskFlow
 */
@SpringBootTest(properties = { "sample.demo-traffic=false", "sample.shipping.failure-rate=1.0" })
@AutoConfigureTaskFlowTester
class CarrierOutageTests {

	@Autowired
	private CheckoutService checkouts;

	@Autowired
	private TaskFlowTester tester;

	@Autowired
	private TaskFlow taskFlow;

	@Test
	void theShipmentIsRetriedUntilItRunsOutOfAttemptsThenTheCheckoutIsCompensated() {
		WorkflowId id = this.checkouts.checkout(CheckoutServiceTests.order("order-3", false));
		this.tester.runAll();
		// four attempts (application.yml), each due after its back-off (200 ms doubled)
		assertThat(ship(id)).satisfies((ship) -> {
			assertThat(ship.status()).isEqualTo(JobStatus.PENDING);
			assertThat(ship.attempt()).isEqualTo(1);
			assertThat(ship.maxAttempts()).isEqualTo(4);
		});
		assertThat(this.taskFlow.workflows().find(id).orElseThrow().status()).isEqualTo(WorkflowStatus.RUNNING);
		for (int attempt = 2; attempt <= 4; attempt++) {
			this.tester.advanceClock(Duration.ofSeconds(3));
			this.tester.runAll();
		}
		assertThat(ship(id)).satisfies((ship) -> {
			assertThat(ship.status()).isEqualTo(JobStatus.FAILED);
			assertThat(ship.attempt()).isEqualTo(4);
			assertThat(ship.lastError()).contains("Carrier unavailable (503) for order order-3");
		});
		WorkflowView workflow = this.taskFlow.workflows().find(id).orElseThrow();
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.COMPENSATED);
		assertThat(workflow.step("charge").orElseThrow().compensationStatus()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(workflow.step("reserve").orElseThrow().compensationStatus()).isEqualTo(JobStatus.SUCCEEDED);
	}

	private JobView ship(WorkflowId id) {
		WorkflowView workflow = this.taskFlow.workflows().find(id).orElseThrow();
		return this.taskFlow.find(workflow.step("ship").orElseThrow().jobId().orElseThrow()).orElseThrow();
	}

}
