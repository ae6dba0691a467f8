package dev.sluice.postgres.backend;

import dev.sluice.postgres.message.KeyData;
import io.netty.channel.Channel;
import java.util.List;

/**
 * A backend connection that has logged in and sent its first ReadyForQuery. The channel's pipeline holds only
 * the frame decoder (and TLS); the caller installs what relays.
 *
 * @param startupMessages the ParameterStatus and NoticeResponse frames the backend sent during startup
 */
public record BackendSession(Channel channel, KeyData key, List<io.netty.buffer.ByteBuf> startupMessages, char transactionStatus) {}
