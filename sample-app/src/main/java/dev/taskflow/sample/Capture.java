package dev.taskflow.sample;

/**
 * The result of a {@code payment.capture} job.
 *
 * @param orderId the order charged
 * @param amountCents the amount, in cents
 * @param transactionId the (pretend) payment provider's transaction id
 * @param attempts the attempts it took
 * @author TaskFlow
 */
public record Capture(String orderId, long amountCents, String transactionId, int attempts) {

}
