package dev.taskflow.sample;

/**
 * The payload of a {@code payment.capture} job.
 *
 * @param orderId the order to charge
 * @param amountCents the amount, in cents
 * @author TaskFlow
 */
public record Payment(String orderId, long amountCents) {

}
