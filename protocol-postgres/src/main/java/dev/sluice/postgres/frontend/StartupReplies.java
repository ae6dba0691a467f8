package dev.sluice.postgres.frontend;

import dev.sluice.postgres.codec.PgWire;
import dev.sluice.postgres.message.BackendMessages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Rewrites of backend messages so that a client never learns the backend account Sluice logs in with. */
final class StartupReplies {
    private StartupReplies() {}

    /**
     * A ParameterStatus reporting {@code session_authorization} as the backend user is replaced by one naming
     * the client's own user; any other frame is returned as is.
     */
    static ByteBuf hideBackendUser(ByteBuf frame, String backendUser, String clientUser, ByteBufAllocator alloc) {
        ByteBuf body = frame.duplicate().skipBytes(5);
        String name = PgWire.readCString(body);
        if (!name.equals("session_authorization")) {
            return frame;
        }
        String value = PgWire.readCString(body);
        if (!value.equals(backendUser)) {
            return frame;
        }
        frame.release();
        ByteBuf replaced = alloc.buffer();
        BackendMessages.parameterStatus(replaced, name, clientUser);
        return replaced;
    }
}
