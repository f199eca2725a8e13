package dev.taskflow.autoconfigure.coexistence.app;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The application's own entity, its table created by Hibernate.
 *
 * @author TaskFlow
 */
@Entity
@Table(name = "app_purchase_order")
public class PurchaseOrder {

	@Id
	@GeneratedValue
	private Long id;

	private String item;

	protected PurchaseOrder() {
	}

	public PurchaseOrder(String item) {
		this.item = item;
	}

	public Long getId() {
		return this.id;
	}

	public String getItem() {
		return this.item;
	}

}
