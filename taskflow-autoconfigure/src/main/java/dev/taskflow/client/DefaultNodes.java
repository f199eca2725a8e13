package dev.taskflow.client;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

import dev.taskflow.NodeView;
import dev.taskflow.Nodes;
import dev.taskflow.store.NodeStore;

/**
 * The live nodes as read, and the drain of any of them: the request is stored on the
 * node's row, where its heartbeat finds it; the node this runs on is told at once.
 *
 * @author TaskFlow
 */
final class DefaultNodes extends AbstractList<NodeView> implements Nodes {

	private final List<NodeView> nodes;

	private final NodeStore store;

	private final BiConsumer<String, Boolean> localDrain;

	DefaultNodes(List<NodeView> nodes, NodeStore store, BiConsumer<String, Boolean> localDrain) {
		this.nodes = List.copyOf(nodes);
		this.store = store;
		this.localDrain = localDrain;
	}

	@Override
	public NodeView get(int index) {
		return this.nodes.get(index);
	}

	@Override
	public int size() {
		return this.nodes.size();
	}

	@Override
	public boolean drain(String nodeId) {
		return request(nodeId, true);
	}

	@Override
	public boolean undrain(String nodeId) {
		return request(nodeId, false);
	}

	private boolean request(String nodeId, boolean drain) {
		Objects.requireNonNull(nodeId, "'nodeId' must not be null");
		boolean found = this.store.requestDrain(nodeId, drain);
		if (found) {
			this.localDrain.accept(nodeId, drain);
		}
		return found;
	}

}
