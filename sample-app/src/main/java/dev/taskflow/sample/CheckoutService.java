package dev.taskflow.sample;

import org.springframework.stereotype.Service;

import dev.taskflow.FailurePolicy;
import dev.taskflow.JobRequest;
import dev.taskflow.Step;
import dev.taskflow.TaskFlow;
import dev.taskflow.Workflow;
import dev.taskflow.WorkflowId;

/**
 * Checks orders out with a workflow of four steps: {@code charge} the payment, then
 * {@code reserve} the stock, {@code ship} once both are done (flaky, retried), and
 * {@code mail} the confirmation after the shipment. When a step fails for good the
 * workflow compensates ({@link FailurePolicy#COMPENSATE}): the mail is never sent, the
 * stock is released, then the payment refunded, in the reverse order of the steps that
 * succeeded.
 *
 * @author TaskFlow
 */
@Service
public class CheckoutService {

	/**
	 * The name of the workflow.
	 */
	public static final String WORKFLOW = "checkout";

	private final TaskFlow taskFlow;

	public CheckoutService(TaskFlow taskFlow) {
		this.taskFlow = taskFlow;
	}

	/**
	 * Start the checkout of an order.
	 * @param order the order
	 * @return the workflow's id
	 */
	public WorkflowId checkout(Order order) {
		return this.taskFlow.workflows().start(workflow(order));
	}

	static Workflow workflow(Order order) {
		Email confirmation = new Email(order.email(), "Order " + order.orderId() + " is on its way",
				order.quantity() + " x " + order.sku() + " have been shipped.");
		// stock is held only for a paid order: reserve comes after charge, so a
		// compensation releases the stock before it refunds the payment
		return Workflow.named(WORKFLOW)
			.step(Step.of("charge", JobRequest.of("payment.charge", order))
				.compensateWith(JobRequest.of("payment.refund", order)))
			.step(Step.of("reserve", JobRequest.of("stock.reserve", order))
				.after("charge")
				.compensateWith(JobRequest.of("stock.release", order)))
			.step(Step.of("ship", JobRequest.of("shipping.create", order)).after("charge", "reserve"))
			.step(Step.of("mail", JobRequest.of("email.send", confirmation)).after("ship"))
			.onFailure(FailurePolicy.COMPENSATE);
	}

}
