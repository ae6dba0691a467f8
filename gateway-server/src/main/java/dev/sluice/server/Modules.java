package dev.sluice.server;

import dev.sluice.core.server.GatewayContext;
import dev.sluice.core.server.ProtocolModule;
import dev.sluice.postgres.frontend.PostgresProtocolModule;
import java.util.List;
import java.util.function.Function;

/** Every protocol this build of Sluice serves. */
final class Modules {
    static final List<Function<GatewayContext, ProtocolModule>> ALL = List.of(PostgresProtocolModule::new);

    private Modules() {}
}
