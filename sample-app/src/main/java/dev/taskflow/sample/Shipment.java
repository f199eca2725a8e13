package dev.taskflow.sample;

/**
 * The result of a {@code shipping.create} job: the step {@code ship} of a checkout, made
 * from the results of the steps before it.
 *
 * @param orderId the order shipped
 * @param trackingNumber the carrier's tracking number
 * @param paymentTransactionId the transaction of the step {@code charge}
 * @param reservationId the reservation of the step {@code reserve}
 * @author TaskFlow
 */
public record Shipment(String orderId, String trackingNumber, String paymentTransactionId, String reservationId) {

}
