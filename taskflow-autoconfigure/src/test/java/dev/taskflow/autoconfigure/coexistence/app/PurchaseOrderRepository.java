package dev.taskflow.autoconfigure.coexistence.app;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The application's own repository.
 *
 * @author TaskFlow
 */
public interface PurchaseOrderRepository extends JpaRepository<PurchaseOrder, Long> {

	List<PurchaseOrder> findByItem(String item);

}
