/**
 * The job store: TaskFlow's tables, read and written with plain JDBC on the application's
 * own {@code DataSource}, with the SQL each supported database does best.
 */
package dev.taskflow.store;
