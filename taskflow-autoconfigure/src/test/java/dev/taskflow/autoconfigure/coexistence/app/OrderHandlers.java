package dev.taskflow.autoconfigure.coexistence.app;

import dev.taskflow.TaskHandler;

/**
 * The application's TaskFlow handlers.
 *
 * @author TaskFlow
 */
public class OrderHandlers {

	/**
	 * The name of the handler that confirms an order.
	 */
	public static final String CONFIRM = "order.confirm";

	private final PurchaseOrderRepository orders;

	public OrderHandlers(PurchaseOrderRepository orders) {
		this.orders = orders;
	}

	@TaskHandler(CONFIRM)
	public String confirm(Long orderId) {
		PurchaseOrder order = this.orders.findById(orderId).orElseThrow();
		return "confirmed " + order.getItem();
	}

}
