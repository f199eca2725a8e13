package dev.taskflow;

import java.util.List;

/**
 * The live worker nodes sharing this database, as last heard of (a list, by id), and the
 * commands that drain them for a rolling deploy.
 *
 * <pre class="code">
 * for (NodeView node : taskFlow.nodes()) { ... }
 * taskFlow.nodes().drain("orders-7f9c");     // before the pod stops
 * </pre>
 *
 * @author TaskFlow
 */
public interface Nodes extends List<NodeView> {

	/**
	 * Ask a node to drain: it claims no more jobs and hands back the prefetched ones at
	 * once, lets its running jobs finish within {@code spring.taskflow.shutdown.await},
	 * then asks the rest to stop ({@link TaskContext#isCancellationRequested()} turns
	 * true; their threads are interrupted after
	 * {@code spring.taskflow.workflow.cancel-grace}) and hands them back for other nodes,
	 * to resume at their last checkpoint ({@link TaskContext#checkpoint(Class)}). The
	 * node stays up, idle, until {@link #undrain(String)}. The node this is called on
	 * drains at once; another one at its next heartbeat
	 * ({@code spring.taskflow.worker.heartbeat-interval}).
	 * @param nodeId the node's id ({@link NodeView#id()})
	 * @return whether a live node of that id was found
	 */
	boolean drain(String nodeId);

	/**
	 * Have a drained (or draining) node claim jobs again.
	 * @param nodeId the node's id
	 * @return whether a live node of that id was found
	 */
	boolean undrain(String nodeId);

}
