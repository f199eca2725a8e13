package dev.taskflow.sample;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;
import dev.taskflow.WorkflowId;
import dev.taskflow.WorkflowStatus;
import dev.taskflow.WorkflowView;
import dev.taskflow.WorkflowView.StepView;
import dev.taskflow.test.AutoConfigureTaskFlowTester;
import dev.taskflow.test.TaskFlowTester;

import static dev.taskflow.test.TaskFlowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The checkout workflow with TaskFlow's test kit: each {@code runAll()} runs, on the
 * test's thread, every step that is due and every step the finished ones release, until
 * none is due. The carrier does not fail here ({@code sample.shipping.failure-rate=0});
 * {@link CarrierOutageTests} has it fail.
 *
 * @author TaskFlow
 */
@SpringBootTest(properties = { "sample.demo-traffic=false", "sample.shipping.failure-rate=0",
		"spring.taskflow.handlers.image.resize.timeout=200ms" })
@AutoConfigureTaskFlowTester
class CheckoutServiceTests {

	@Autowired
	private CheckoutService checkouts;

	@Autowired
	private Warehouse warehouse;

	@Autowired
	private TaskFlowTester tester;

	@Autowired
	private TaskFlow taskFlow;

	@Test
	void anOrderIsChargedReservedShippedAndMailed() {
		WorkflowId id = this.checkouts.checkout(order("order-1", false));
		// only the first step is due; the others wait for the steps they come after
		assertThat(this.tester.jobs()).extracting(JobView::handler, JobView::status)
			.containsExactlyInAnyOrder(tuple("payment.charge", JobStatus.PENDING),
					tuple("stock.reserve", JobStatus.BLOCKED), tuple("shipping.create", JobStatus.BLOCKED),
					tuple("email.send", JobStatus.BLOCKED));

		List<JobView> ran = this.tester.runAll();

		assertThat(ran).extracting(JobView::handler)
			.containsExactly("payment.charge", "stock.reserve", "shipping.create", "email.send");
		WorkflowView workflow = this.taskFlow.workflows().find(id).orElseThrow();
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.SUCCEEDED);
		assertThat(workflow.steps()).allSatisfy((step) -> {
			assertThat(step.status()).isEqualTo(JobStatus.SUCCEEDED);
			assertThat(step.compensationJobId()).isNull();
		});
		Charge charge = result(workflow, "charge", Charge.class);
		Reservation reservation = result(workflow, "reserve", Reservation.class);
		// the shipment is made of the results of the two steps before it
		assertThat(result(workflow, "ship", Shipment.class)).satisfies((shipment) -> {
			assertThat(shipment.paymentTransactionId()).isEqualTo(charge.transactionId());
			assertThat(shipment.reservationId()).isEqualTo(reservation.reservationId());
			assertThat(shipment.trackingNumber()).startsWith("TRK-");
		});
		assertThat(result(workflow, "mail", Receipt.class).to()).isEqualTo("ada@example.com");
		assertThat(this.warehouse.isReserved("order-1")).isTrue();
		assertThat(this.tester).hasNotEnqueued("payment.refund");
		assertThat(this.tester).hasNotEnqueued("stock.release");
		assertThat(this.tester).hasNoFailedJobs();
	}

	@Test
	void anUndeliverableOrderIsCompensatedInReverseOrder() {
		WorkflowId id = this.checkouts.checkout(order("order-2", true));

		List<JobView> ran = this.tester.runAll();

		// the shipment fails for good at once; the mail never starts, then the stock is
		// released and only after that the payment refunded
		assertThat(ran).extracting(JobView::handler)
			.containsExactly("payment.charge", "stock.reserve", "shipping.create", "stock.release", "payment.refund");
		WorkflowView workflow = this.taskFlow.workflows().find(id).orElseThrow();
		assertThat(workflow.status()).isEqualTo(WorkflowStatus.COMPENSATED);
		assertThat(workflow.steps()).extracting(StepView::name, StepView::status, StepView::compensationStatus)
			.containsExactly(tuple("charge", JobStatus.SUCCEEDED, JobStatus.SUCCEEDED),
					tuple("reserve", JobStatus.SUCCEEDED, JobStatus.SUCCEEDED), tuple("ship", JobStatus.FAILED, null),
					tuple("mail", JobStatus.CANCELLED, null));
		assertThat(job(workflow, "ship")).satisfies((ship) -> {
			assertThat(ship.attempt()).isEqualTo(1);
			assertThat(ship.lastError()).contains("The carrier refuses order order-2: address undeliverable");
		});
		// the refund names the very transaction the charge made
		Charge charge = result(workflow, "charge", Charge.class);
		JobView refund = this.taskFlow.find(workflow.step("charge").orElseThrow().compensationJobId()).orElseThrow();
		assertThat(refund.handler()).isEqualTo("payment.refund");
		assertThat(refund.result(Refund.class))
			.hasValueSatisfying((refunded) -> assertThat(refunded.transactionId()).isEqualTo(charge.transactionId()));
		assertThat(this.warehouse.isReserved("order-2")).isFalse();
		assertThat(this.tester.jobs("email.send")).singleElement()
			.satisfies((mail) -> assertThat(mail.status()).isEqualTo(JobStatus.CANCELLED));
	}

	static Order order(String id, boolean undeliverable) {
		return new Order(id, "ada@example.com", "mug-blue", 2, 2400, undeliverable);
	}

	private JobView job(WorkflowView workflow, String step) {
		return this.taskFlow.find(workflow.step(step).orElseThrow().jobId().orElseThrow()).orElseThrow();
	}

	private <T> T result(WorkflowView workflow, String step, Class<T> type) {
		return job(workflow, step).result(type).orElseThrow();
	}

}
