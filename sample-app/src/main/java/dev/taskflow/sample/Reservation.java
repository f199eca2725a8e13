package dev.taskflow.sample;

/**
 * The result of a {@code stock.reserve} job: the step {@code reserve} of a checkout.
 *
 * @param orderId the order the stock is held for
 * @param sku the article
 * @param quantity how many are held
 * @param reservationId the warehouse's reservation
 * @author TaskFlow
 */
public record Reservation(String orderId, String sku, int quantity, String reservationId) {

}
