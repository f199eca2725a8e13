package dev.taskflow.sample;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.taskflow.NonRetryableException;
import dev.taskflow.StepResult;
import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * Books shipments at a carrier whose API fails now and then
 * ({@code sample.shipping.failure-rate}, 0.3 by default): the flaky step of the
 * {@code checkout} workflow, retried as its policy in {@code application.yml} says. An
 * order flagged undeliverable fails for good at once, and the checkout compensates.
 *
 * @author TaskFlow
 */
@Component
public class Carrier {

	private static final Log logger = LogFactory.getLog(Carrier.class);

	private final double failureRate;

	public Carrier(@Value("${sample.shipping.failure-rate:0.3}") double failureRate) {
		this.failureRate = failureRate;
	}

	/**
	 * The step {@code ship} of a checkout, which comes after {@code charge} and
	 * {@code reserve} and reads both their results: one through a parameter, one through
	 * the context.
	 * @param order the order
	 * @param charge the result of the step {@code charge}
	 * @param context the running job
	 * @return the shipment
	 */
	@TaskHandler("shipping.create")
	public Shipment ship(Order order, @StepResult("charge") Charge charge, TaskContext context) {
		if (Boolean.TRUE.equals(order.undeliverable())) {
			// no attempt can fix an address the carrier refuses
			throw new NonRetryableException("The carrier refuses order " + order.orderId() + ": address undeliverable");
		}
		if (ThreadLocalRandom.current().nextDouble() < this.failureRate) {
			logger.info("Carrier unavailable for order " + order.orderId() + " on attempt " + context.attempt() + "/"
					+ context.maxAttempts() + (context.isLastAttempt() ? ", giving up" : ", will retry"));
			throw new IllegalStateException("Carrier unavailable (503) for order " + order.orderId());
		}
		Reservation reservation = context.stepResult("reserve", Reservation.class)
			.orElseThrow(() -> new IllegalStateException("Order " + order.orderId() + " has no reservation"));
		// the attempt id as the carrier's idempotency key: one booking per attempt
		String trackingNumber = "TRK-" + UUID.nameUUIDFromBytes(context.attemptId().getBytes())
			.toString()
			.substring(0, 8)
			.toUpperCase(Locale.ROOT);
		logger.info("Shipping order " + order.orderId() + " as " + trackingNumber + " (paid by "
				+ charge.transactionId() + ", stock " + reservation.reservationId() + ")");
		return new Shipment(order.orderId(), trackingNumber, charge.transactionId(), reservation.reservationId());
	}

}
