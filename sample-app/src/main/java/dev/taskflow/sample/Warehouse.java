package dev.taskflow.sample;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

import dev.taskflow.StepResult;
import dev.taskflow.TaskHandler;

/**
 * Holds stock for the orders of the {@code checkout} workflow, and lets it go when a
 * checkout is compensated. The reservations live in memory: enough for a demo.
 *
 * @author TaskFlow
 */
@Component
public class Warehouse {

	private static final Log logger = LogFactory.getLog(Warehouse.class);

	private final Map<String, Reservation> reservations = new ConcurrentHashMap<>();

	/**
	 * The step {@code reserve} of a checkout.
	 * @param order the order
	 * @return the reservation, which the shipment and the release read
	 */
	@TaskHandler("stock.reserve")
	public Reservation reserve(Order order) {
		// keyed by order: a job runs at least once, so a second run finds the first's
		Reservation reservation = this.reservations.computeIfAbsent(order.orderId(),
				(id) -> new Reservation(id, order.sku(), order.quantity(), "res-" + UUID.randomUUID()));
		logger.info("Reserved " + order.quantity() + " x " + order.sku() + " for order " + order.orderId());
		return reservation;
	}

	/**
	 * The compensation of the step {@code reserve}: gives the held stock back.
	 * @param order the order
	 * @param reservation the result of the step {@code reserve}
	 * @return the reservation released
	 */
	@TaskHandler("stock.release")
	public Reservation release(Order order, @StepResult("reserve") Reservation reservation) {
		this.reservations.remove(order.orderId());
		logger.info("Released " + reservation.reservationId() + " (" + reservation.quantity() + " x "
				+ reservation.sku() + ") of order " + order.orderId());
		return reservation;
	}

	/**
	 * Whether stock is held for an order.
	 * @param orderId the order
	 * @return whether it is reserved
	 */
	public boolean isReserved(String orderId) {
		return this.reservations.containsKey(orderId);
	}

}
