package dev.taskflow.store;

/**
 * Thrown at start-up when the application's database is not one TaskFlow supports.
 *
 * @author TaskFlow
 */
public class UnsupportedDatabaseException extends IllegalStateException {

	private final String productName;

	UnsupportedDatabaseException(String productName) {
		super("TaskFlow does not support the database '" + productName
				+ "'; it needs PostgreSQL, MariaDB 10.6+, MySQL 8+ or H2 (FOR UPDATE SKIP LOCKED)");
		this.productName = productName;
	}

	/**
	 * The database product name that was found.
	 * @return the product name
	 */
	public String getProductName() {
		return this.productName;
	}

}
