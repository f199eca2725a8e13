package dev.taskflow.throttle;

/**
 * Where a limit holds.
 *
 * @author TaskFlow
 */
public enum Scope {

	/**
	 * Each node on its own: with three nodes, 10 per second means up to 30 per second.
	 */
	NODE,

	/**
	 * All nodes together, through the database: 10 per second means 10 per second for the
	 * whole cluster.
	 */
	CLUSTER

}
