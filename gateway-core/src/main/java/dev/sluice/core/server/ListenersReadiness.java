package dev.sluice.core.server;

import dev.sluice.core.admin.Readiness;
import dev.sluice.core.admin.ReadinessCheck;
import java.util.List;
import java.util.stream.Collectors;

/** Ready while every configured listener accepts connections; names the ones that do not. */
final class ListenersReadiness implements ReadinessCheck {
    private final List<ListenerServer> listeners;

    ListenersReadiness(List<ListenerServer> listeners) {
        this.listeners = listeners;
    }

    @Override
    public String name() {
        return "listeners";
    }

    @Override
    public Readiness check() {
        List<String> closed = listeners.stream().filter(l -> !l.isOpen()).map(l -> l.listener().name()).toList();
        if (closed.isEmpty()) {
            return Readiness.ready(listeners.stream().map(l -> l.listener().name() + "@" + l.address())
                    .collect(Collectors.joining(", ")));
        }
        return Readiness.notReady("not accepting connections: " + String.join(", ", closed));
    }
}
