package dev.taskflow.autoconfigure.coexistence.app;

import org.springframework.transaction.annotation.Transactional;

import dev.taskflow.JobId;
import dev.taskflow.TaskFlow;

/**
 * Saves an order and enqueues its confirmation in one transaction.
 *
 * @author TaskFlow
 */
public class OrderService {

	private final PurchaseOrderRepository orders;

	private final TaskFlow taskFlow;

	public OrderService(PurchaseOrderRepository orders, TaskFlow taskFlow) {
		this.orders = orders;
		this.taskFlow = taskFlow;
	}

	@Transactional
	public JobId placeOrder(String item) {
		PurchaseOrder order = this.orders.saveAndFlush(new PurchaseOrder(item));
		return this.taskFlow.enqueue(OrderHandlers.CONFIRM, order.getId());
	}

	@Transactional
	public JobId placeOrderThenFail(String item) {
		placeOrder(item);
		throw new IllegalStateException("Payment declined for " + item);
	}

}
